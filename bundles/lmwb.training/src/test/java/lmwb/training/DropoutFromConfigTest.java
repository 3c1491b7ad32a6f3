package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.TrainingRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --dropout} a fine-tuning uses the dropout the model's {@code config.json} declares
 * ({@code hidden_dropout_prob} and {@code attention_probs_dropout_prob} for BERT, RoBERTa and ELECTRA), not a
 * constant: its first step equals that of a run given the config's value explicitly, and differs from a run
 * with another value.
 */
class DropoutFromConfigTest {
    @TempDir
    static Path dir;

    private static double firstLoss(ModelArtifact model, double dropout) throws Exception {
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of(model.reference()))
                .withLearningRates(List.of(1e-3), 1e-2)
                .withSchedule(1, 8, 16, 1.0, 11, 1, 1, "accuracy")
                .withEncoding("mean", -1, dropout, 0.0, true);
        return FineTuneTest.trainer(null, FineTuneTest.models(List.of(TinyBert.source(List.of(model)))), FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS).train(req, ConcurrentTrainingTest.oneBatch(), ProgressListener.NONE,
                        CancellationToken.NONE).runs().get(0).stepLosses().get(0);
    }

    @Test
    void noDropoutOptionTakesTheModelsConfig() throws Exception {
        ModelArtifact none = TinyBert.write(dir.resolve("none"), "tiny-none", 8, 1,
                Map.of("hidden_dropout_prob", 0.0, "attention_probs_dropout_prob", 0.0));
        assertEquals(firstLoss(none, 0.0), firstLoss(none, Double.NaN), 0, "config says no dropout");

        ModelArtifact heavy = TinyBert.write(dir.resolve("heavy"), "tiny-heavy", 8, 1,
                Map.of("hidden_dropout_prob", 0.3, "attention_probs_dropout_prob", 0.3));
        double fromConfig = firstLoss(heavy, Double.NaN);
        assertEquals(firstLoss(heavy, 0.3), fromConfig, 1e-6, "config says 0.3");
        assertNotEquals(firstLoss(heavy, 0.1), fromConfig, "the dropout must matter in this test");
    }
}
