package lmwb.shell.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.analysis.ClustersRequest;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.analysis.PruneRequest;
import lmwb.api.analysis.PruneResult;
import lmwb.api.analysis.SimilarityRequest;
import lmwb.api.analysis.SimilarityResult;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.results.ResultStore;
import lmwb.shell.RecordingCapability;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Views;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code similarity}, {@code clusters} and {@code prune} through the real shell core with capabilities that record the
 * request and store a fixed typed result; the analyses themselves are covered by lmwb.analysis.redundancy's tests
 * and the in-framework RedundancyCommandsTest.
 */
class RedundancyCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private RecordingCapability<SimilarityRequest, SimilarityResult> similarity;
    private RecordingCapability<ClustersRequest, ClustersResult> clusters;
    private RecordingCapability<PruneRequest, PruneResult> prune;
    private RedundancyCommand command;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        Invocation invocation = new Invocation(store);
        similarity = new RecordingCapability<>("similarity", SimilarityResult.KIND, SimilarityRequest.class, store, (q, p) -> {
            Files.writeString(p.file("similarity-m.svg"), "<svg/>");
            List<List<Double>> matrix = List.of(Arrays.asList(null, null), Arrays.asList(null, 1.0));
            return new SimilarityResult(p.id(), "d", "text classification", q.model(), "10 sentence vectors", "CKA", 0.1,
                    List.of(new SimilarityResult.LayerSimilarity("m", "m", matrix, "undefined", 0.5, List.of(0.5))),
                    List.of("similarity-m.svg"), Provenance.builder("similarity").build());
        });
        clusters = new RecordingCapability<>("clusters", ClustersResult.KIND, ClustersRequest.class, store, (q, p) ->
                new ClustersResult(p.id(), "d", "text classification", q.model(), "10 sentence vectors", 8, 2, 4, 320, 0.1,
                        0.1, List.of(new ClustersResult.Level(0.3, 6, 25.0, 2, 4, 2, Map.of("2", 2), 2, 1)), List.of(),
                        Provenance.builder("clusters").build()));
        prune = new RecordingCapability<>("prune", PruneResult.KIND, PruneRequest.class, store, (q, p) -> {
            PruneResult.ProbeScore oracle = new PruneResult.ProbeScore(null, 8, 0.9, 0.8, 1, 1, 1);
            PruneResult.ProbeScore chosen = new PruneResult.ProbeScore(null, 2, 0.89, 0.78, 0.99, 0.975, 0.1);
            return new PruneResult(p.id(), "d", "text classification", q.model(), "10 sentence vectors", "sample", Map.of(),
                    "accuracy", q.ranker(), q.cluster(), new PruneResult.ProbeSettings(0, 0, 0.001, 10, 32, 42), 8, oracle,
                    List.of(new PruneResult.ProbeScore("0", 4, 0.7, 0.7, 0.8, 0.8, 1), new PruneResult.ProbeScore("1", 4, 0.85, 0.8, 1, 1, 1)),
                    List.of(new PruneResult.ProbeScore("0-0", 4, 0.7, 0.7, 0.8, 0.8, 1), oracle),
                    List.of(new PruneResult.Selection(3, 1, 1, 2, 8, 6, 0.1, oracle, chosen, 2, 25.0, 2.0, 1.0, 2.0, 1, 0.1, 10,
                            new int[] {0, 5}, List.of())), "timing", List.of(), Provenance.builder("prune").build());
        });
        invocation.addCapability(similarity, similarity.properties());
        invocation.addCapability(clusters, clusters.properties());
        invocation.addCapability(prune, prune.properties());
        command = new RedundancyCommand(invocation);
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        testStore.close();
        System.setErr(oldErr);
    }

    @Test
    void similarityMapsOptionsAndRendersTheMatrix() throws Exception {
        String table = command.similarity("m,n", "d", "cka-debiased", "500", "mean", "", "true", "gpu", "7", "latin-1", "",
                "", "", "");
        assertEquals(new SimilarityRequest(List.of("m", "n"), "d", "cka-debiased", 500, SentencePooling.MEAN, true, "gpu",
                7L, "latin-1", null), similarity.requests.get(0));
        assertTrue(table.startsWith("CKA on d: 10 sentence vectors"), table);
        assertTrue(table.contains("emb    -    -") && table.contains("1      -    1.00"), "null is shown as '-': " + table);
        assertTrue(table.contains("mean off-diagonal similarity 0.500") && table.contains("plot: "), table);
        // defaults: CKA, 2000 samples, CLS pooling (the paper's), float32, CPU, seed 42
        command.similarity("m", "d", "", "", "", "", "", "", "", "", "", "", "", "");
        SimilarityRequest r = similarity.requests.get(1);
        assertEquals(List.of("cka", 2000, SentencePooling.CLS, false, "cpu", 42L),
                List.of(r.measure(), r.samples(), r.sentencePooling(), r.float16(), r.device(), r.seed()));
    }

    @Test
    void theOldPoolingSpellingStillWorksAndBadValuesAreOneLine() throws Exception {
        command.clusters("m", "d", "", "", "", "mean", "", "", "", "", "", "", "", "");
        assertEquals(SentencePooling.MEAN, clusters.requests.get(0).sentencePooling());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("note: --pooling is deprecated; use --sentence-pooling"));
        assertEquals("--sentence-pooling must be cls or mean, got 'max'", assertThrows(IllegalArgumentException.class,
                () -> command.clusters("m", "d", "", "", "max", "", "", "", "", "", "", "", "", "")).getMessage());
        assertEquals("--model is required (see 'models')", assertThrows(IllegalArgumentException.class,
                () -> command.clusters("", "d", "", "", "", "", "", "", "", "", "", "", "", "")).getMessage());
        assertEquals("clusters --thresholds: expected a list (JSON array or comma-separated text), got [\"0.1\",\"x\"]",
                assertThrows(IllegalArgumentException.class, () -> command.clusters("m", "d", "0.1,x", "", "", "", "", "",
                        "", "", "", "", "", "")).getMessage());
        assertEquals("--samples must be at least 10, got 5", assertThrows(IllegalArgumentException.class,
                () -> command.similarity("m", "d", "", "5", "", "", "", "", "", "", "", "", "", "")).getMessage());
        assertEquals(1, clusters.requests.size());
        assertTrue(similarity.requests.isEmpty());
    }

    @Test
    void clustersRendersTheCurveAndJsonIsTheStoredDocument() throws Exception {
        String table = command.clusters("m", "d", "0.3", "", "", "", "", "", "", "", "", "", "", "");
        assertEquals(List.of(0.3), clusters.requests.get(0).thresholds());
        assertTrue(table.contains("m on d: 8 neurons") && table.contains("0.3  6         25.0"), table);
        String json = command.clusters("m", "d", "", "", "", "", "", "", "", "", "", "", "", "true");
        assertEquals(ClustersRequest.DEFAULT_THRESHOLDS, clusters.requests.get(1).thresholds());
        String id = json.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        assertEquals(Views.document(store, id), json);
        assertTrue(json.contains("\"removable_percent\":25.0") && json.contains("\"kind\":\"clusters\""), json);
    }

    @Test
    void pruneMapsItsOwnOptionsAndOutCopiesTheResult() throws Exception {
        Path out = dir.resolve("p");
        String table = command.prune("m", "d", "5,2", "0.5", "-1", "class-mean-difference", "3", "1000", "", "", "", "", "",
                "", out.toString(), "", "", "");
        PruneRequest r = prune.requests.get(0);
        assertEquals(List.of(List.of(5.0, 2.0), 0.5, -1.0, "class-mean-difference", 3, 1000),
                List.of(r.ls(), r.fs(), r.cluster(), r.ranker(), r.epochs(), r.samples()));
        assertTrue(table.contains("oracle (8 neurons): dev 0.9000, test 0.8000"), table);
        assertTrue(table.contains("3,1") && table.contains("97.5") && table.contains("2.00x"), table);
        assertTrue(Files.isRegularFile(out.resolve("result.json")) && table.endsWith("out: " + out), table);
        command.prune("m", "d", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
        PruneRequest d = prune.requests.get(1);
        // the paper's settings are the defaults
        assertEquals(List.of(List.of(3.0, 2.0, 1.0), 1.0, 0.3, "weight-mass", 10, 4000),
                List.of(d.ls(), d.fs(), d.cluster(), d.ranker(), d.epochs(), d.samples()));
        assertEquals("--cluster is a distance 1 - |r| in [0, 2] or -1 for none, got 3.0",
                assertThrows(IllegalArgumentException.class, () -> command.prune("m", "d", "", "", "3", "", "", "", "", "",
                        "", "", "", "", "", "", "", "")).getMessage());
    }
}
