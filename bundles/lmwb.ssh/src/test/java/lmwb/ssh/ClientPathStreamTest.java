package lmwb.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A member's SSH output as the commands write it: in pieces, with println (autoflush), rewritten whole. */
class ClientPathStreamTest {
    @Test
    void linesWrittenInPiecesAreRewrittenWhole() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ClientPathStream(sink, Path.of("/srv/lmwb"), "mel", java.util.List.of()), false,
                StandardCharsets.UTF_8);
        // RankView's plot line, written as the view builds it; then ResultsCommand's folder line
        out.print("plot: /srv/lm");
        out.print("wb/results/r-1/layer-scores.svg\nfolder: /srv/lmwb/results/r-1");
        out.flush();
        out.println();
        out.println("the embedding cache at /srv/lmwb/cache/embeddings is empty");
        assertEquals("plot: /api/results/r-1/files/layer-scores.svg\nfolder: /api/results/r-1/files\n"
                + "the embedding cache at LMWB_HOME/cache/embeddings is empty\n", sink.toString(StandardCharsets.UTF_8));
    }
}
