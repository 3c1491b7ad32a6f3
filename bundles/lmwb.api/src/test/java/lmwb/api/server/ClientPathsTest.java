package lmwb.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a remote user sees of the server's paths (the texts are the lines the commands print; see each). */
class ClientPathsTest {
    private static final Path HOME = Path.of("/srv/lmwb");

    @Test
    void resultFoldersAndTheirFilesBecomeApiPaths() {
        // the last lines of 'results ID' for a ranking (RankView's plot line, ResultsCommand's folder line)
        String text = "total 3.1 s; stored as 20261206-080000-ranking-abc123\n"
                + "plot: /srv/lmwb/results/20261206-080000-ranking-abc123/layer-scores.svg\n"
                + "folder: /srv/lmwb/results/20261206-080000-ranking-abc123";
        String expected = "total 3.1 s; stored as 20261206-080000-ranking-abc123\n"
                + "plot: /api/results/20261206-080000-ranking-abc123/files/layer-scores.svg\n"
                + "folder: /api/results/20261206-080000-ranking-abc123/files";
        assertEquals(expected, ClientPaths.resultFiles(text, HOME.resolve("results")));
        assertEquals(expected, ClientPaths.forUser(text, HOME, "mel"));
    }

    @Test
    void uploadsCacheAndOtherHomePathsLoseTheServerLayout() {
        // CacheCommand's lines and --json
        assertEquals("the embedding cache at LMWB_HOME/cache/embeddings is empty",
                ClientPaths.forUser("the embedding cache at /srv/lmwb/cache/embeddings is empty", HOME, "mel"));
        assertEquals("{\"location\": \"LMWB_HOME/cache/embeddings\", \"directory\": \"/api/results/r-2/files\"}",
                ClientPaths.forUser("{\"location\": \"/srv/lmwb/cache/embeddings\", \"directory\": \"/srv/lmwb/results/r-2\"}",
                        HOME, "mel"));
        // a dataset the user uploaded, as a dataset error or summary names it; another user's upload stays hidden
        assertEquals("cannot read upload:reviews.csv: line 3 has 2 columns, expected 3",
                ClientPaths.forUser("cannot read /srv/lmwb/uploads/mel/reviews.csv: line 3 has 2 columns, expected 3",
                        HOME, "mel"));
        assertEquals("LMWB_HOME/uploads/bob/x.csv", ClientPaths.forUser("/srv/lmwb/uploads/bob/x.csv", HOME, "mel"));
        assertEquals("model LMWB_HOME/models/all-minilm-l6-v2 (file URI LMWB_HOME/models/x)", ClientPaths.forUser(
                "model /srv/lmwb/models/all-minilm-l6-v2 (file URI file:/srv/lmwb/models/x)", HOME, "mel"));
        // a sibling whose name starts the same is not the home
        assertEquals("<server path>/x", ClientPaths.forUser("/srv/lmwb-old/x", HOME, "mel"));
        assertEquals("home LMWB_HOME", ClientPaths.forUser("home /srv/lmwb", HOME, "mel"));
    }

    @Test
    void pathsOutsideTheHomeShowOnlyTheirName() {
        List<Path> allowed = List.of(Path.of("/data/shared"));
        // a failed job's error as JdbcJobQueue keeps it (one line of the exception), from DJL's model loading
        assertEquals("FileNotFoundException: <server path>/config.json: no such file; "
                        + "see <server path>/model.onnx.",
                ClientPaths.forUser("FileNotFoundException: /root/.cache/huggingface/hub/models--x/snapshots/ab12/"
                        + "config.json: no such file; see /srv/models/x/model.onnx.", HOME, "mel", allowed));
        // PluginsCommand's location column (Felix's bundle locations) and a model folder in models --json
        assertEquals("lmwb.example.gbc  <server path>/lmwb.example.gbc.jar  <server path>/x.jar",
                ClientPaths.forUser("lmwb.example.gbc  reference:file:/opt/lmwb/runtime/deploy/lmwb.example.gbc.jar  "
                        + "file:/opt/lmwb/runtime/deploy/x.jar", HOME, "mel", allowed));
        assertEquals("{\"source\": \"<server path>/my-onnx\", \"root\": \"<server path>\"}",
                ClientPaths.forUser("{\"source\": \"/srv/models/my-onnx/\", \"root\": \"/\"}", HOME, "mel", allowed));
        // a file under an allowed folder is one the user names in a job, so it stays, as do the home's rewrites
        assertEquals("cannot read /data/shared/a.csv; upload:b.csv; <server path>/c.csv; LMWB_HOME/cache",
                ClientPaths.forUser("cannot read /data/shared/a.csv; /srv/lmwb/uploads/mel/b.csv; /data/other/c.csv; "
                        + "/srv/lmwb/cache", HOME, "mel", allowed));
    }

    @Test
    void textThatIsNotAServerPathStays() {
        // API paths (ApiHandler's hints), URLs, /dev/stdin (UserCommand's help), fractions and divisions
        String text = "see GET /api/jobs and https://huggingface.co/BAAI/bge-small-en; passwd reads /dev/stdin; "
                + "3/4 rows, 12 rows/s, a / b";
        assertEquals(text, ClientPaths.forUser(text, HOME, "mel", List.of()));
        assertEquals("no path here", ClientPaths.forUser("no path here", HOME, "mel"));
    }
}
