package lmwb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a remote client sees of a command's text: API paths instead of the server's result folders. */
class ServerPathsForClientTest {
    private static final Path ROOT = Path.of("/srv/lmwb/results");

    @Test
    void resultFoldersAndTheirFilesBecomeApiPaths() {
        // the last lines of 'results ID' for a ranking (RankView's plot line, ResultsCommand's folder line)
        String text = "total 3.1 s; stored as 20261206-080000-ranking-abc123\n"
                + "plot: /srv/lmwb/results/20261206-080000-ranking-abc123/layer-scores.svg\n"
                + "folder: /srv/lmwb/results/20261206-080000-ranking-abc123";
        assertEquals("total 3.1 s; stored as 20261206-080000-ranking-abc123\n"
                + "plot: /api/results/20261206-080000-ranking-abc123/files/layer-scores.svg\n"
                + "folder: /api/results/20261206-080000-ranking-abc123/files", ServerPaths.forClient(text, ROOT));
    }

    @Test
    void nestedFilesJsonAndOtherTextKeepTheirShape() {
        assertEquals("checkpoint: /api/results/t-1/files/seed-1 (predict --checkpoint t-1/seed-1)",
                ServerPaths.forClient("checkpoint: /srv/lmwb/results/t-1/seed-1 (predict --checkpoint t-1/seed-1)", ROOT));
        assertEquals("{\"directory\": \"/api/results/r-2/files\"}",
                ServerPaths.forClient("{\"directory\": \"/srv/lmwb/results/r-2\"}", ROOT));
        // another folder of the server is not a result folder; a sibling whose name starts the same is not either
        assertEquals("dataset /data/x.csv; /srv/lmwb/results-old/r-3",
                ServerPaths.forClient("dataset /data/x.csv; /srv/lmwb/results-old/r-3", ROOT));
    }
}
