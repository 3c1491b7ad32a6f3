package lmwb.shell.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.estimator.EstimateRequest;
import lmwb.api.estimator.EstimateResult;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Views;
import lmwb.shell.testing.Recording;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estimate}: options → request, the stored result's table and JSON, errors. */
class EstimateCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private Recording<EstimateRequest, EstimateResult> capability;
    private EstimateCommand command;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        capability = new Recording<>("estimate", EstimateRequest.class, (q, c) -> {
            try (ResultStore.PendingResult p = store.begin(EstimateResult.KIND)) {
                EstimateResult r = new EstimateResult(p.id(), EstimateResult.KIND, q.estimator(), 0.5, 8, 2, 2, q.regression(),
                        0.001, q.options(), q.embeddings(), q.labels(), List.of("a", "b"), List.of("x", "y"),
                        Map.of("alpha", 2.0), Provenance.builder("estimate").build());
                p.commit(new ResultMetadata("estimate", c.user(), q.labels(), List.of(), List.of(q.estimator()), null),
                        Json.COMPACT_WITH_NULLS.toJson(r));
                return r;
            }
        });
        Invocation invocation = new Invocation(store);
        invocation.addCapability(capability, Map.of(Capability.NAME, "estimate"));
        command = new EstimateCommand(invocation);
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    @Test
    void optionsBecomeTheRequest() throws Exception {
        command.estimate("x.csv", "y.csv", "label", "knn", "true", "k=5,metric=cosine", "", "");
        assertEquals(new EstimateRequest("x.csv", "y.csv", "label", "knn", true, Map.of("k", "5", "metric", "cosine")),
                capability.requests.get(0));
        command.estimate("x.npy", "y.npy", "", "hscore", "", "", "", "");
        assertEquals(new EstimateRequest("x.npy", "y.npy", null, "hscore", false, Map.of()), capability.requests.get(1));
    }

    @Test
    void theTableShowsTheFieldsAndTheStoredIdAndJsonIsTheDocument() throws Exception {
        String table = command.estimate("x.csv", "y.csv", "label", "knn", "", "", "", "");
        String id = store.query(lmwb.api.results.ResultQuery.ALL).results().get(0).id();
        assertTrue(table.contains("score              0.5000"), table);
        assertTrue(table.contains("class_names        [x, y]"), table);
        assertTrue(table.contains("details.alpha      2.0000"), table);
        assertTrue(table.contains("stored as          " + id), table);
        String json = command.estimate("x.csv", "y.csv", "label", "knn", "", "", "", "true");
        String id2 = store.query(lmwb.api.results.ResultQuery.ALL).results().get(0).id();
        assertEquals(Views.document(store, id2), json);
    }

    @Test
    void missingRequiredOptionsAreOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command.estimate("x.npy", "", "", "", "", "", "", ""));
        assertEquals("estimate needs --embeddings FILE --labels FILE --estimator NAME", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> command.estimate("x.npy", "y.npy", "", "knn", "", "k5", "", ""));
        assertEquals("estimate --options: 'k5' is not key=value; write e.g. k=5,metric=cosine", bad.getMessage());
        assertTrue(capability.requests.isEmpty());
    }
}
