package lmwb.shell.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.training.EpochLog;
import lmwb.api.training.PredictRequest;
import lmwb.api.training.Prediction;
import lmwb.api.training.PredictionResult;
import lmwb.api.training.RunResult;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.shell.RecordingCapability;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Views;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and {@code predict} through the real shell core (request codec, renderer, --out export) with
 * capabilities that record the request and store a fixed result in a real (folder) result store; the trainer itself
 * is covered by lmwb.training's tests and the in-framework TrainingCommandsTest.
 */
class TrainingCommandsTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private RecordingCapability<TrainingRequest, TrainingResult> train;
    private RecordingCapability<PredictRequest, PredictionResult> predict;
    private TrainCommand trainCommand;
    private PredictCommand predictCommand;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        Invocation invocation = new Invocation(store);
        train = new RecordingCapability<>("train", TrainingResult.KIND, TrainingRequest.class, store, (q, p) -> {
            Files.createDirectories(p.file("seed-" + q.seed()));
            Files.writeString(p.file("seed-" + q.seed() + "/model.json"), "{}");
            // Model i weighs (i + 1) / (1 + 2 + ... + n), as a DME run's mean weights sum to 1; none for concat.
            Map<String, Double> weights = null;
            if (!"concat".equals(q.combine())) {
                weights = new java.util.LinkedHashMap<>();
                int n = q.models().size();
                for (int i = 0; i < n; i++) {
                    weights.put(q.models().get(i), (i + 1) / (n * (n + 1) / 2.0));
                }
            }
            RunResult run = new RunResult(q.seed(), List.of(new EpochLog(1, 0.5, 0.75, 1.0, 100.0)), 1, 0.75,
                    Map.of("accuracy", 0.8, "mcc", 0.6), List.of(0.7, 0.5), "seed-" + q.seed(), weights);
            return new TrainingResult(p.id(), q, "TEXT_CLASSIFICATION", "text-classification", "mcc",
                    Map.of("train", 80, "dev", 10, "test", 10), List.of(run), Map.of("accuracy", 0.8, "mcc", 0.6),
                    Map.of("accuracy", 0.0, "mcc", 0.0), Map.of("accuracy", 0.5, "mcc", 0.0), Provenance.builder("train").build());
        });
        predict = new RecordingCapability<>("predict", PredictionResult.KIND, PredictRequest.class, store, (q, p) -> new PredictionResult(p.id(),
                q.checkpoint(), null, q.device(), List.of(new Prediction(q.text(), List.of("pos"), new double[] {0.1, 0.9},
                        new java.util.TreeMap<>(Map.of("a", 0.25, "b", 0.75)))), Provenance.builder("predict").build()));
        invocation.addCapability(train, train.properties());
        invocation.addCapability(predict, predict.properties());
        trainCommand = new TrainCommand(invocation);
        predictCommand = new PredictCommand(invocation);
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        testStore.close();
        System.setErr(oldErr);
    }

    /** train with every option at its absent value except those named. */
    private String train(Map<String, String> o) throws Exception {
        String[] names = {"dataset", "models", "combine", "head", "lr", "head-lr", "epochs", "batch-size", "batch",
            "max-length", "downsample", "seed", "encoding", "runs", "frozen", "patience", "metric", "sentence-pooling",
            "pooling", "layer", "dropout", "combine-dropout", "no-layer-norm", "warmup", "weight-decay", "clip-norm", "out",
            "force", "device", "dynamics", "request", "json"};
        String[] v = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            v[i] = o.getOrDefault(names[i], "");
        }
        return trainCommand.train(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
                v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24], v[25], v[26], v[27], v[28], v[29],
                v[30], v[31]);
    }

    @Test
    void theLeastTrainRequestGetsTheDocumentedDefaults() throws Exception {
        train(Map.of("dataset", "d", "models", "m"));
        TrainingRequest r = train.requests.get(0);
        assertEquals(TrainingRequest.defaults("d", List.of("m")), r);
        // the defaults the README and TrainingRequest document: DME, auto head, lr 2e-5, head lr 1e-3, 3 epochs,
        // batch 16, max length 128, all data, seed 42, one run, fine-tuned, patience 2, mean pooling of layer -1,
        // the model's dropout, LayerNorm on, CPU
        assertEquals(List.of("dme", "auto", List.of(2e-5), 1e-3, 3, 16, 128, 1.0, 42L, 1, false, 2, "auto"),
                List.of(r.combine(), r.head(), r.lr(), r.headLr(), r.epochs(), r.batchSize(), r.maxLength(), r.downsample(),
                        r.seed(), r.runs(), r.frozen(), r.patience(), r.metric()));
        assertEquals(List.of(SentencePooling.MEAN, "-1", false, "cpu", "UTF-8"),
                List.of(r.sentencePooling(), r.layer(), r.noLayerNorm(), r.device(), r.encoding()));
        assertNull(r.dropout(), "no --dropout: each model's own");
        assertNull(r.out());
    }

    @Test
    void everyOptionReachesItsComponent() throws Exception {
        train(Map.ofEntries(Map.entry("dataset", "sst2"), Map.entry("models", "a, b"), Map.entry("combine", "Concat"),
                Map.entry("head", "text-classification"), Map.entry("lr", "1e-5,2e-5"), Map.entry("head-lr", "0.01"),
                Map.entry("epochs", "5"), Map.entry("batch-size", "8"), Map.entry("max-length", "64"),
                Map.entry("downsample", "0.5"), Map.entry("seed", "7"), Map.entry("encoding", "latin-1"),
                Map.entry("runs", "3"), Map.entry("frozen", "true"), Map.entry("patience", "4"), Map.entry("metric", "accuracy"),
                Map.entry("sentence-pooling", "cls"), Map.entry("layer", "mean"), Map.entry("dropout", "0.2"),
                Map.entry("combine-dropout", "0.1"), Map.entry("no-layer-norm", "true"), Map.entry("warmup", "0.2"),
                Map.entry("weight-decay", "0.001"), Map.entry("clip-norm", "1.5"), Map.entry("device", "gpu"),
                Map.entry("dynamics", "true")));
        TrainingRequest r = train.requests.get(0);
        assertEquals(List.of("sst2", List.of("a", "b"), "concat", "text-classification", List.of(1e-5, 2e-5), 0.01, 5, 8, 64,
                0.5, 7L, "ISO-8859-1", 3, true, 4, "accuracy"), List.of(r.dataset(), r.models(), r.combine(), r.head(), r.lr(),
                r.headLr(), r.epochs(), r.batchSize(), r.maxLength(), r.downsample(), r.seed(), r.encoding(), r.runs(),
                r.frozen(), r.patience(), r.metric()));
        assertEquals(List.of(SentencePooling.CLS, "mean", 0.2, 0.1, true, 0.2, 0.001, 1.5, "gpu"), List.of(r.sentencePooling(),
                r.layer(), r.dropout(), r.combineDropout(), r.noLayerNorm(), r.warmup(), r.weightDecay(), r.clipNorm(),
                r.device()));
        assertNull(r.layerIndex(), "--layer mean pools the mean over layers");
        assertEquals(List.of(1e-5, 2e-5), List.of(r.learningRate(0), r.learningRate(1)));
        assertTrue(r.dynamics(), "--dynamics");
    }

    @Test
    void oldSpellingsStillWorkWithANoteOnStandardError() throws Exception {
        train(Map.of("dataset", "d", "models", "m", "pooling", "max", "batch", "4"));
        TrainingRequest r = train.requests.get(0);
        assertEquals(SentencePooling.MAX, r.sentencePooling());
        assertEquals(4, r.batchSize());
        String notes = err.toString(StandardCharsets.UTF_8);
        assertTrue(notes.contains("note: --pooling is deprecated; use --sentence-pooling")
                && notes.contains("note: --batch is deprecated; use --batch-size"), notes);
    }

    @Test
    void badTrainValuesAreOneLineNamingTheOptionAndNothingRuns() {
        assertEquals("give --dataset (a name from 'datasets' or a file)",
                assertThrows(IllegalArgumentException.class, () -> train(Map.of("models", "m"))).getMessage());
        assertEquals("give --models m1[,m2,...] (see 'models')",
                assertThrows(IllegalArgumentException.class, () -> train(Map.of("dataset", "d"))).getMessage());
        assertEquals("train --epochs: expected a whole number, got 'many'", assertThrows(IllegalArgumentException.class,
                () -> train(Map.of("dataset", "d", "models", "m", "epochs", "many"))).getMessage());
        assertEquals("--sentence-pooling must be mean, cls or max for training, got weighted_mean",
                assertThrows(IllegalArgumentException.class, () -> train(Map.of("dataset", "d", "models", "m",
                        "sentence-pooling", "weighted_mean"))).getMessage());
        assertEquals("--layer 'top' must be a layer number or 'mean'", assertThrows(IllegalArgumentException.class,
                () -> train(Map.of("dataset", "d", "models", "m", "layer", "top"))).getMessage());
        assertEquals("unknown device 'tpu'; use cpu or gpu", assertThrows(IllegalArgumentException.class,
                () -> train(Map.of("dataset", "d", "models", "m", "device", "tpu"))).getMessage());
        assertEquals("give one learning rate for all models or one per model: 1 models but 2 rates [1.0E-5, 2.0E-5]",
                assertThrows(IllegalArgumentException.class, () -> train(Map.of("dataset", "d", "models", "m",
                        "lr", "1e-5,2e-5"))).getMessage());
        assertTrue(train.requests.isEmpty(), "no capability ran");
    }

    @Test
    void aRequestFileAndTheSameOptionsGiveTheSameTrainRequest() throws Exception {
        Path file = dir.resolve("t.json");
        Files.writeString(file, "{\"dataset\": \"d\", \"models\": [\"a\", \"b\"], \"head_lr\": 0.01, \"frozen\": true,"
                + " \"sentence_pooling\": \"cls\"}");
        train(Map.of("request", file.toString()));
        train(Map.of("dataset", "d", "models", "a,b", "head-lr", "0.01", "frozen", "true", "sentence-pooling", "cls"));
        assertEquals(train.requests.get(0), train.requests.get(1));
        train(Map.of("request", file.toString(), "epochs", "9"));
        assertEquals(9, train.requests.get(2).epochs(), "the command line wins over the file");
    }

    @Test
    void jsonIsTheStoredDocumentAndTheTableNamesTheCheckpoint() throws Exception {
        String json = train(Map.of("dataset", "d", "models", "m", "json", "true"));
        String id = store.query(ResultQuery.ALL).results().get(0).id();
        assertEquals(Views.document(store, id), json, "train --json prints what results ID --json prints");
        assertTrue(json.contains("\"split_sizes\":") && json.contains("\"head_lr\":0.001"), "snake_case keys: " + json);
        String table = train(Map.of("dataset", "d", "models", "m"));
        String id2 = train.requests.size() == 2 ? table.replaceAll("(?s).*stored as (\\S+).*", "$1") : null;
        assertTrue(store.find(id2).isPresent(), table);
        assertTrue(table.startsWith("text-classification on TEXT_CLASSIFICATION, splits {train=80, dev=10, test=10}, "
                + "selection by dev mcc"), table);
        assertTrue(table.contains("majority baseline"), table);
        assertTrue(table.contains("stored as " + id2), table);
        assertTrue(table.contains("checkpoint: " + store.find(id2).orElseThrow().directory().resolve("seed-42")
                + "  (predict --checkpoint " + id2 + ")"), table);
    }

    @Test
    void theTableAndJsonShowEachModelsMeanDmeWeight() throws Exception {
        String table = train(Map.of("dataset", "d", "models", "a,b"));
        // the capability above stores a 1/3, b 2/3 for seed 42 (the default seed)
        assertTrue(table.contains("DME weight of each model, mean over the test split:"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s*a\\s+0\\.3333\\s*")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s*b\\s+0\\.6667\\s*")), table);
        assertTrue(table.contains("α seed 42"), table);
        String json = train(Map.of("dataset", "d", "models", "a,b", "json", "true"));
        assertTrue(json.contains("\"dme_weights\":{\"a\":0.3333333333333333,\"b\":0.6666666666666666}"), json);
        String concat = train(Map.of("dataset", "d", "models", "a,b", "combine", "concat"));
        assertTrue(!concat.contains("DME weight"), concat);
    }

    @Test
    void outCopiesTheStoredRunAndReplacesAnEarlierTrainExport() throws Exception {
        Path out = dir.resolve("dme");
        String first = train(Map.of("dataset", "d", "models", "m", "out", out.toString()));
        assertTrue(Files.isRegularFile(out.resolve("result.json")) && Files.isRegularFile(out.resolve("seed-42/model.json")),
                "the export holds the stored document and the checkpoint");
        assertTrue(first.endsWith("out: " + out), first);
        String again = train(Map.of("dataset", "d", "models", "m", "seed", "5", "out", out.toString()));
        assertTrue(again.endsWith("out: " + out + " (replaced)"), again);
        assertTrue(Files.isDirectory(out.resolve("seed-5")) && !Files.exists(out.resolve("seed-42")), "replaced whole");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> train(Map.of("dataset", "d", "models", "m", "out", other.toString())));
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertEquals(2, train.requests.size(), "a refused --out is checked before any training");
    }

    @Test
    void predictMapsItsOptionsAndRendersTheModelWeights() throws Exception {
        String table = predictCommand.predict("20261206-x", "What a film", "", "", "", "");
        PredictRequest r = predict.requests.get(0);
        assertEquals(new PredictRequest("20261206-x", "What a film", null, "cpu"), r);
        assertTrue(table.contains("What a film") && table.contains("pos") && table.contains("0.9000"), table);
        assertTrue(table.contains("α a") && table.contains("0.2500") && table.contains("0.7500"), table);
        String json = predictCommand.predict("ck", "hi", "", "gpu", "", "true");
        assertTrue(json.contains("\"model_weights\":{\"a\":0.25,\"b\":0.75}") && json.contains("\"kind\":\"prediction\""), json);
        assertEquals("gpu", predict.requests.get(1).device());
        assertEquals("give --text \"...\" or --file F with inputs", assertThrows(IllegalArgumentException.class,
                () -> predictCommand.predict("ck", "", "", "", "", "")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> predictCommand.predict("", "hi", "", "", "", ""))
                .getMessage().startsWith("give --checkpoint ID|DIR"));
        assertEquals(2, predict.requests.size());
    }
}
