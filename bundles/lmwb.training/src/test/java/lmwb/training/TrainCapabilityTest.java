package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.training.PredictRequest;
import lmwb.api.training.PredictionResult;
import lmwb.api.training.Trainer;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.ranker.BundleProvenanceRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code train} and {@code predict} capabilities with the real trainer and predictor (a tiny BERT), the real
 * provenance recorder and a real (folder) result store: a run is stored with its checkpoint in the result's folder,
 * {@code predict} takes the result's id, and a cancelled run leaves nothing in the store.
 */
class TrainCapabilityTest {
    @TempDir
    static Path models;
    static ModelArtifact a;

    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private TrainCapability train;
    private PredictCapability predict;

    @BeforeAll
    static void model() throws Exception {
        a = TinyBert.write(models.resolve("tiny-a"), "tiny-a", 8, 1);
    }

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        TrainingService service = FineTuneTest.trainer(null, FineTuneTest.models(List.of(TinyBert.source(List.of(a)))),
                FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS);
        // the dataset is given in memory instead of through a catalogue
        Trainer trainer = (request, progress, cancel) -> service.train(request, ConcurrentTrainingTest.oneBatch(),
                progress, cancel);
        BundleProvenanceRecorder recorder = new BundleProvenanceRecorder(null);
        train = new TrainCapability(trainer, store, recorder);
        predict = new PredictCapability(FineTuneTest.predictor(FineTuneTest.models(List.of(TinyBert.source(List.of(a)))),
                FineTuneTest.FACTORY, FineTuneTest.HEADS, FineTuneTest.COMBINERS), store, recorder);
    }

    @AfterEach
    void closeStore() {
        testStore.close();
    }

    private static TrainingRequest request(int runs) {
        return TrainingRequest.defaults("tiny-cats", List.of("tiny-a")).withLearningRates(List.of(1e-3), 1e-2)
                .withSchedule(1, 8, 16, 1.0, 11, runs, 1, "accuracy");
    }

    @Test
    void aRunIsStoredWithItsCheckpointAndPredictTakesItsId() throws Exception {
        TrainingResult r = train.run(request(1), RunContext.local(ProgressListener.NONE, new CancellationToken()));
        StoredResult stored = store.find(r.resultId()).orElseThrow();
        assertEquals(TrainingResult.KIND, stored.kind());
        assertEquals(List.of("tiny-a"), stored.models());
        assertEquals("tiny-cats", stored.dataset());
        assertEquals("seed-11", r.runs().get(0).checkpoint(), "named inside the result's folder");
        assertTrue(Files.isRegularFile(stored.directory().resolve("seed-11/model.json"))
                && Files.isRegularFile(stored.directory().resolve("seed-11/model.safetensors")), "the checkpoint is stored");
        assertEquals(null, r.request().out(), "the request as asked, not the staging folder");
        JsonObject doc = JsonParser.parseString(store.document(r.resultId())).getAsJsonObject();
        assertTrue(doc.has("split_sizes") && doc.getAsJsonObject("request").has("head_lr"), "snake_case keys: " + doc.keySet());
        JsonObject provenance = doc.getAsJsonObject("provenance");
        // versions from the recorder (bundle headers and the JVM), the trainer's inputs, never "?"
        assertTrue(provenance.getAsJsonObject("versions").has("java"), provenance.toString());
        assertEquals(ConcurrentTrainingTest.oneBatch().contentHash(), provenance.getAsJsonObject("inputs").get("dataset").getAsString());
        assertEquals(a.contentHash(), provenance.getAsJsonObject("inputs").get("model:tiny-a").getAsString());
        assertEquals("local", provenance.get("user").getAsString());

        List<EmbeddingInput> in = List.of(EmbeddingInput.text("the cat sat"));
        PredictionResult byId = predict.run(new PredictRequest(r.resultId(), "the cat sat", null, null),
                RunContext.local(ProgressListener.NONE, new CancellationToken()));
        PredictionResult byFolder = predict.run(new PredictRequest(stored.directory().resolve("seed-11").toString(),
                "the cat sat", null, null), RunContext.local(ProgressListener.NONE, new CancellationToken()));
        assertArrayEquals(byFolder.predictions().get(0).scores(), byId.predictions().get(0).scores(), 0);
        assertEquals(r.resultId(), byId.training());
        assertEquals(in.size(), byId.predictions().size());
        assertEquals(PredictionResult.KIND, store.find(byId.resultId()).orElseThrow().kind(), "predictions are stored too");
    }

    @Test
    void severalSeedsAreChosenAsIdSlashSeed() throws Exception {
        TrainingResult r = train.run(request(2), RunContext.local(ProgressListener.NONE, new CancellationToken()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predict.run(
                new PredictRequest(r.resultId(), "a dog", null, null), RunContext.local(ProgressListener.NONE,
                        new CancellationToken())));
        assertTrue(e.getMessage().contains("holds 2 checkpoints, one per seed (seed-11, seed-12)"), e.getMessage());
        PredictionResult p = predict.run(new PredictRequest(r.resultId() + "/seed-12", "a dog", null, null),
                RunContext.local(ProgressListener.NONE, new CancellationToken()));
        assertEquals(1, p.predictions().size());
        IllegalArgumentException noSeed = assertThrows(IllegalArgumentException.class, () -> predict.run(
                new PredictRequest(r.resultId() + "/seed-99", "a dog", null, null), RunContext.local(ProgressListener.NONE,
                        new CancellationToken())));
        assertEquals("--checkpoint " + r.resultId() + "/seed-99: training " + r.resultId() + " has no checkpoint 'seed-99'; "
                + "give its id alone to see its seed-* checkpoints", noSeed.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> predict.run(
                new PredictRequest("no-such-result", "a dog", null, null), RunContext.local(ProgressListener.NONE,
                        new CancellationToken())));
        assertEquals("--checkpoint no-such-result is neither a folder nor a stored training result; give a folder written "
                + "by 'train --out' or an id from 'results --kind training'", unknown.getMessage());
    }

    @Test
    void aCancelledRunLeavesNothingBehind() throws Exception {
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();
        assertThrows(CancellationToken.CancelledException.class, () -> train.run(request(1),
                RunContext.local(ProgressListener.NONE, cancelled)));
        assertTrue(store.query(ResultQuery.ALL).results().isEmpty(), "no result is stored");
        Path root = dir.resolve("results");
        if (Files.isDirectory(root)) {
            try (Stream<Path> left = Files.walk(root)) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("seed-")),
                        "no checkpoint is left in a staging folder");
            }
        }
    }
}
