package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.training.Prediction;
import lmwb.api.training.RunResult;
import lmwb.api.training.TrainingDynamics;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.common.json.Json;
import lmwb.encoders.trainable.DjlTrainableEncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --dynamics} on frozen embeddings of a tiny BERT: every epoch's gold-label probability of every training
 * example is stored beside the run's checkpoint, and the probabilities of the best epoch are the ones the saved
 * checkpoint (that epoch's parameters) predicts for the same examples through the real predictor.
 */
class TrainingDynamicsTest {
    @TempDir
    Path dir;

    @Test
    void everyEpochsGoldProbabilityIsStoredAndTheBestEpochsMatchTheCheckpoint() throws Exception {
        ModelArtifact a = TinyBert.write(dir.resolve("a"), "tiny-a", 8, 1);
        EmbeddingService embeddings = EncoderWiring.embeddings(List.of(TinyBert.source(List.of(a))), dir.resolve("cache"));
        var factory = new DjlTrainableEncoderFactory();
        TrainingService service = FineTuneTest.trainer(null, embeddings, factory, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
        Path out = dir.resolve("out");
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of("tiny-a")).withSetup("concat", "auto", true)
                .withLearningRates(List.of(2e-5), 1e-2).withSchedule(4, 8, 16, 1.0, 21, 1, 4, "auto")
                .withOut(out.toString()).withDynamics(true);
        TrainingResult result = service.train(req, FineTuneTest.dataset(60), ProgressListener.NONE, CancellationToken.NONE);
        RunResult run = result.runs().get(0);
        Path file = out.resolve(TrainingDynamics.file(21));
        assertTrue(Files.isRegularFile(file), "dynamics stored beside the checkpoint: " + file);
        TrainingDynamics d = Json.COMPACT.fromJson(Files.readString(file), TrainingDynamics.class);
        TaskData data = DataSplits.complete(FineTuneTest.dataset(60), 21);
        int n = data.size(Split.TRAIN);
        assertEquals(run.epochs().size(), d.epochs(), "one record per epoch trained");
        assertEquals(n, d.examples().size());
        assertEquals(List.of("dog", "cat"), d.labels());
        List<EmbeddingInput> train = data.inputs().get(Split.TRAIN);
        List<Prediction> predicted = FineTuneTest.predictor(embeddings, factory, FineTuneTest.HEADS, FineTuneTest.COMBINERS)
                .predict(Path.of(run.checkpoint()), train);
        for (int i = 0; i < n; i++) {
            TrainingDynamics.Example e = d.examples().get(i);
            assertEquals(data.examples().get(Split.TRAIN).get(i).label(), e.gold());
            assertEquals(d.epochs(), e.probabilities().size());
            assertEquals(d.epochs(), e.correct().size());
            double atBest = e.probabilities().get(run.bestEpoch() - 1);
            assertEquals(predicted.get(i).scores()[e.gold()], atBest, 1e-5, "example " + i + ": the checkpoint holds the best epoch");
            assertEquals(predicted.get(i).scores()[e.gold()] > 0.5, e.correct().get(run.bestEpoch() - 1), "example " + i);
        }
    }

    @Test
    void withoutTheOptionNothingIsRecorded() throws Exception {
        ModelArtifact a = TinyBert.write(dir.resolve("a"), "tiny-a", 8, 1);
        EmbeddingService embeddings = EncoderWiring.embeddings(List.of(TinyBert.source(List.of(a))), dir.resolve("cache"));
        TrainingService service = FineTuneTest.trainer(null, embeddings, new DjlTrainableEncoderFactory(), FineTuneTest.HEADS,
                FineTuneTest.COMBINERS);
        Path out = dir.resolve("out");
        service.train(TrainingRequest.defaults("tiny-cats", List.of("tiny-a")).withSetup("concat", "auto", true)
                .withSchedule(2, 8, 16, 1.0, 21, 1, 2, "auto").withOut(out.toString()), FineTuneTest.dataset(40),
                ProgressListener.NONE, CancellationToken.NONE);
        assertFalse(Files.exists(out.resolve(TrainingDynamics.file(21))));
    }
}
