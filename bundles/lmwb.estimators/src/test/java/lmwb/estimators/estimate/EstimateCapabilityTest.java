package lmwb.estimators.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.capability.RunContext;
import lmwb.api.estimator.EstimateRequest;
import lmwb.api.estimator.EstimateResult;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.StoredResult;
import lmwb.datasets.inspect.TableFilesService;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.ranker.BundleProvenanceRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estimate} with the real kNN estimator, the datasets bundle's table reader and the file result store: CSV
 * embeddings and labels, the stored result and its provenance, and one-line errors.
 */
class EstimateCapabilityTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private lmwb.api.results.ResultStore store;
    private EstimateCapability capability;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        capability = new EstimateCapability(new TableFilesService(), store, new BundleProvenanceRecorder(null));
        capability.addEstimator(new KnnEstimator());
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    @Test
    void csvColumnsAreScoredStoredAndHashed() throws Exception {
        // two far-apart clusters of two points each: every point's nearest neighbour has its class, so kNN accuracy is 1
        Path t = Files.writeString(dir.resolve("t.csv"), "a,b,label\n0,0,x\n0.1,0.1,x\n5,5,y\n5.1,5,y\n");
        EstimateResult r = capability.run(new EstimateRequest(t.toString(), t.toString(), "label", "knn", null,
                Map.of("k", "1")), new RunContext("bob", null, null, CancellationToken.NONE));
        assertEquals(1.0, r.score(), 1e-12);
        assertEquals(List.of(4, 2, 2), List.of(r.n(), r.dim(), r.classes()));
        assertEquals(List.of("a", "b"), r.embeddingColumns());
        assertEquals(List.of("x", "y"), r.classNames());
        StoredResult stored = store.query(ResultQuery.ALL).results().get(0);
        assertEquals(List.of(r.resultId(), EstimateResult.KIND, "bob", List.of("knn")),
                List.of(stored.id(), stored.kind(), stored.user(), stored.estimators()));
        assertTrue(r.provenance().inputs().get("embeddings").startsWith("sha256:"));
        assertEquals("{\"k\":\"1\"}", r.provenance().configuration().get("options"), "the request's options, as JSON");
    }

    @Test
    void badInputIsOneLineAndNothingIsStored() throws Exception {
        Path t = Files.writeString(dir.resolve("t.csv"), "a,label\n0,x\n1,y\n");
        assertEquals("unknown estimator 'gbc'; installed: knn", assertThrows(IllegalArgumentException.class,
                () -> capability.run(new EstimateRequest(t.toString(), t.toString(), "label", "gbc", null, null),
                        RunContext.local(null, CancellationToken.NONE))).getMessage());
        assertEquals("--labels " + t + " is a CSV: name the label column with --label-column",
                assertThrows(IllegalArgumentException.class, () -> capability.run(new EstimateRequest(t.toString(),
                        t.toString(), null, "knn", null, null), RunContext.local(null, CancellationToken.NONE))).getMessage());
        assertEquals("--embeddings " + dir.resolve("none.npy") + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> capability.run(new EstimateRequest(dir.resolve("none.npy").toString(), t.toString(), "label", "knn", null,
                        null), RunContext.local(null, CancellationToken.NONE))).getMessage());
        assertTrue(store.query(ResultQuery.ALL).results().isEmpty());
    }
}
