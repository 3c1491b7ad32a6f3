package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.TrainingRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose loss or gradients stop being finite ends with one line saying where and what to do, instead of
 * training on, and saving, NaN weights.
 */
class DivergenceTest {
    @TempDir
    static Path dir;

    @Test
    void absurdLearningRateStopsWithOneClearError() throws Exception {
        ModelArtifact a = TinyBert.write(dir.resolve("tiny"), "tiny-div", 8, 1);
        // AdamW moves every weight by about ±lr on its first step, so lr 1e30 puts weights near 1e30; the next
        // forward overflows float32 (max 3.4e38) in the products and layer norms: the loss is NaN or ∞.
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of(a.reference()))
                .withLearningRates(List.of(1e30), 1e30)
                .withSchedule(2, 8, 16, 0.0, 11, 1, 2, "accuracy")
                .withOut(dir.resolve("out").toString());
        TrainingService service = FineTuneTest.trainer(null, FineTuneTest.models(List.of(TinyBert.source(List.of(a)))),
                FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> service.train(req,
                FineTuneTest.dataset(40), ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().matches("training diverged at epoch 1 step [2-9]\\d*: (loss is (NaN|-?Infinity)|the "
                + "gradient of \\S+ is (NaN|-?Infinity)); lower the learning rates \\(--lr, --head-lr\\) and train "
                + "again"), e.getMessage());
        assertTrue(!dir.resolve("out").toFile().exists(), "no checkpoint is written for a diverged run");
    }

    @Test
    void nonFiniteGradientIsNamed() {
        Map<String, float[]> grads = new LinkedHashMap<>();
        grads.put("head.weight", new float[] {0.5f, -1f});
        grads.put("encoder.0.embeddings.LayerNorm.weight", new float[] {1f, Float.NaN});
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> TrainingLoop.checkFinite(0.7, grads, 3, 41));
        assertEquals("training diverged at epoch 3 step 41: the gradient of encoder.0.embeddings.LayerNorm.weight "
                + "is NaN; lower the learning rates (--lr, --head-lr) and train again", e.getMessage());
        e = assertThrows(TrainingDivergedException.class,
                () -> TrainingLoop.checkFinite(Double.NaN, grads, 1, 2));
        assertEquals("training diverged at epoch 1 step 2: loss is NaN; lower the learning rates (--lr, --head-lr) "
                + "and train again", e.getMessage());
        TrainingLoop.checkFinite(0.7, Map.of("head.weight", new float[] {0f, 1e30f}), 1, 1);
    }
}
