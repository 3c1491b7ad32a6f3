package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.encoders.trainable.DjlTrainableEncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen-encoder training (combiner and head only, on embeddings from the real embedding service and
 * cache over two tiny BERTs): bit-for-bit reproducible from the seed, checkpoints reload with identical
 * predictions, and bad options fail with messages that list the choices.
 */
class FrozenTrainingTest {
    @TempDir
    Path dir;

    @Test
    void frozenDmeIsReproducibleAndReloadsIdentically() throws Exception {
        ModelArtifact a = TinyBert.write(dir.resolve("a"), "tiny-a", 8, 1);
        ModelArtifact b = TinyBert.write(dir.resolve("b"), "tiny-b", 6, 2);
        var sources = List.of(TinyBert.source(List.of(a, b)));
        EmbeddingService embeddings = EncoderWiring.embeddings(sources, dir.resolve("cache"));
        var factory = new DjlTrainableEncoderFactory();
        TrainingService service = FineTuneTest.trainer(null, embeddings, factory, FineTuneTest.HEADS,
                FineTuneTest.COMBINERS);
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of("tiny-a", "tiny-b"))
                .withSetup("dme", "auto", true).withLearningRates(List.of(2e-5), 1e-2)
                .withSchedule(5, 8, 16, 1.0, 21, 2, 5, "auto").withOut(dir.resolve("out").toString());
        TrainingResult r1 = service.train(req, FineTuneTest.dataset(60), ProgressListener.NONE, CancellationToken.NONE);
        TrainingResult r2 = service.train(req.withOut(null), FineTuneTest.dataset(60), ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals(2, r1.runs().size());
        assertEquals("mcc", r1.metric());
        for (int k = 0; k < 2; k++) {
            assertEquals(r1.runs().get(k).stepLosses(), r2.runs().get(k).stepLosses(), "run " + k);
            assertEquals(r1.runs().get(k).test(), r2.runs().get(k).test());
        }
        // Runs use seeds 21 and 22, so their losses differ.
        assertTrue(!r1.runs().get(0).stepLosses().equals(r1.runs().get(1).stepLosses()));
        RunResult run = r1.runs().get(0);
        TaskData data = DataSplits.complete(FineTuneTest.dataset(60), 21);
        List<EmbeddingInput> test = data.inputs().get(Split.TEST);
        CheckpointPredictor predictor = FineTuneTest.predictor(embeddings, factory, FineTuneTest.HEADS,
                FineTuneTest.COMBINERS);
        List<Prediction> p1 = predictor.predict(Path.of(run.checkpoint()), test);
        List<Prediction> p2 = predictor.predict(Path.of(run.checkpoint()), test);
        int[] gold = new int[test.size()];
        int[] pred = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            assertArrayEquals(p1.get(i).scores(), p2.get(i).scores(), 0);
            gold[i] = data.examples().get(Split.TEST).get(i).label();
            pred[i] = p1.get(i).labels().get(0).equals("cat") ? 1 : 0;
        }
        // The stored DME weights of each seed are the mean over its test split of the per-example weights the
        // reloaded checkpoint gives (CheckpointPredictor, a separate path from the training loop's), in the
        // request's model order, and sum to 1 (each example's weights are a softmax). Every seed's run is tested on
        // the split cut with the request's first seed (21), as TrainingService cuts it once.
        for (RunResult seedRun : r1.runs()) {
            List<Prediction> seedPredictions = predictor.predict(Path.of(seedRun.checkpoint()), test);
            assertEquals(List.of("tiny-a", "tiny-b"), List.copyOf(seedRun.dmeWeights().keySet()));
            double sum = 0;
            for (String model : seedRun.dmeWeights().keySet()) {
                double expected = seedPredictions.stream().mapToDouble(p -> p.modelWeights().get(model)).average()
                        .orElseThrow();
                assertEquals(expected, seedRun.dmeWeights().get(model), 1e-6, "seed " + seedRun.seed() + " " + model);
                sum += seedRun.dmeWeights().get(model);
            }
            assertEquals(1.0, sum, 1e-6);
        }
        assertEquals(run.test().get("accuracy"), Metrics.accuracy(gold, pred), 0);
        assertEquals(run.test().get("mcc"), Metrics.mcc(gold, pred, 2), 0);
        // Frozen checkpoints carry no encoder weights.
        ModelSpec spec = Checkpoints.read(Path.of(run.checkpoint()));
        assertNull(spec.encoders().get(0).weights());
        assertEquals(List.of("dog", "cat"), spec.labels());
    }

    @Test
    void concatenationStoresNoModelWeights() throws Exception {
        ModelArtifact a = TinyBert.write(dir.resolve("a"), "tiny-a", 8, 1);
        ModelArtifact b = TinyBert.write(dir.resolve("b"), "tiny-b", 6, 2);
        EmbeddingService embeddings = EncoderWiring.embeddings(List.of(TinyBert.source(List.of(a, b))),
                dir.resolve("cache"));
        TrainingService service = FineTuneTest.trainer(null, embeddings, new DjlTrainableEncoderFactory(),
                FineTuneTest.HEADS, FineTuneTest.COMBINERS);
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of("tiny-a", "tiny-b"))
                .withSetup("concat", "auto", true).withLearningRates(List.of(2e-5), 1e-2)
                .withSchedule(1, 8, 16, 1.0, 21, 1, 1, "auto");
        TrainingResult r = service.train(req, FineTuneTest.dataset(30), ProgressListener.NONE, CancellationToken.NONE);
        assertNull(r.runs().get(0).dmeWeights());
    }

    @Test
    void badOptionsListTheChoices() {
        TrainingService service = FineTuneTest.trainer(null, null, null, FineTuneTest.HEADS,
                FineTuneTest.COMBINERS);
        TrainingRequest req = TrainingRequest.defaults("tiny-cats", List.of("x")).withSetup("dme",
                "token-tagging", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.train(req, FineTuneTest.dataset(20), ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().contains("text-classification"), e.getMessage());
        TrainingRequest metric = TrainingRequest.defaults("tiny-cats", List.of("x"))
                .withSchedule(1, 8, 16, 1, 1, 1, 1, "spearman");
        e = assertThrows(IllegalArgumentException.class,
                () -> service.train(metric, FineTuneTest.dataset(20), ProgressListener.NONE, CancellationToken.NONE));
        assertTrue(e.getMessage().contains("mcc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingRequest.defaults("d", List.of("a", "b"))
                .withLearningRates(List.of(1e-5, 2e-5, 3e-5), 1e-3));
        assertTrue(TrainingService.reachable("encoder.layer.0.output.dense.weight", -2, 2));
        assertTrue(!TrainingService.reachable("encoder.layer.1.output.dense.weight", -2, 2));
        assertTrue(TrainingService.reachable("encoder.layer.1.output.dense.weight", null, 2));
    }
}
