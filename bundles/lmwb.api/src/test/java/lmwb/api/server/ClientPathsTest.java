package lmwb.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
        // paths that are not the home (a sibling whose name starts the same, an allowed folder) stay
        assertEquals("/srv/lmwb-old/x and /data/shared/a.csv",
                ClientPaths.forUser("/srv/lmwb-old/x and /data/shared/a.csv", HOME, "mel"));
        assertEquals("home LMWB_HOME", ClientPaths.forUser("home /srv/lmwb", HOME, "mel"));
    }
}
