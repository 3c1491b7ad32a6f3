package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.Prediction;
import lmwb.api.training.TrainingRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict --checkpoint DIR} on the folder {@code train --out DIR} wrote: with one run it uses the only
 * {@code seed-*} checkpoint; with several it names them; a folder with none says what a checkpoint is.
 */
class CheckpointFolderTest {
    @TempDir
    static Path dir;
    static ModelArtifact a;

    @BeforeAll
    static void model() throws Exception {
        a = TinyBert.write(dir.resolve("tiny-a"), "tiny-a", 8, 1);
    }

    private static void train(Path out, int runs) throws IOException {
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of("tiny-a"))
                .withLearningRates(List.of(1e-3), 1e-2)
                .withSchedule(1, 8, 16, 1.0, 11, runs, 1, "accuracy")
                .withOut(out.toString());
        FineTuneTest.trainer(null, FineTuneTest.models(List.of(TinyBert.source(List.of(a)))), FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS)
                .train(req, ConcurrentTrainingTest.oneBatch(), ProgressListener.NONE, CancellationToken.NONE);
    }

    private static CheckpointPredictor predictor() {
        return FineTuneTest.predictor(FineTuneTest.models(List.of(TinyBert.source(List.of(a)))), FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
    }

    @Test
    void oneSeedFolderIsUsed() throws Exception {
        Path out = dir.resolve("one");
        train(out, 1);
        List<EmbeddingInput> in = List.of(EmbeddingInput.text("the cat sat"), EmbeddingInput.text("a dog"));
        List<Prediction> viaParent = predictor().predict(out, in);
        List<Prediction> direct = predictor().predict(out.resolve("seed-11"), in);
        for (int i = 0; i < in.size(); i++) {
            assertArrayEquals(direct.get(i).scores(), viaParent.get(i).scores(), 0);
        }
    }

    @Test
    void severalSeedFoldersAreListed() throws Exception {
        Path out = dir.resolve("two");
        train(out, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> predictor().predict(out, List.of(EmbeddingInput.text("the cat"))));
        assertTrue(e.getMessage().contains("seed-11") && e.getMessage().contains("seed-12")
                && e.getMessage().contains(out.resolve("seed-11").toString()), e.getMessage());
    }

    @Test
    void folderWithoutCheckpointSaysSo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class,
                () -> predictor().predict(empty, List.of(EmbeddingInput.text("the cat"))));
        assertEquals(empty + " is not a checkpoint: it has no model.json and no seed-* checkpoint folders "
                + "(give a folder written by 'train --out' or one of its seed-* folders)", e.getMessage());
    }
}
