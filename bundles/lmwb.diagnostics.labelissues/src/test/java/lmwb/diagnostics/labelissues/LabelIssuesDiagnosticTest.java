package lmwb.diagnostics.labelissues;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.capability.RunContext;
import lmwb.api.diagnostics.LabelIssuesRequest;
import lmwb.api.diagnostics.LabelIssuesResult;
import lmwb.api.io.Npy;
import lmwb.api.results.ResultStore;
import lmwb.ranker.BundleProvenanceRecorder;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.results.JdbcResultStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code label-issues} from given probabilities ({@code --pred-probs/--labels}) through the capability, with the
 * real folder result store and provenance recorder; and every kind of bad input the issue names.
 */
class LabelIssuesDiagnosticTest {
    @TempDir
    Path dir;
    private ResultStore store;
    private LabelIssuesDiagnostic diagnostic;

    private Database db;

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        db.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(DatabaseSettings.validated(Map.of(), dir));
        store = new JdbcResultStore(db, Map.of("directory", dir.resolve("results").toString()));
        diagnostic = new LabelIssuesDiagnostic(null, null, store, new BundleProvenanceRecorder(null));
    }

    private LabelIssuesResult run(float[][] p, int[] labels) throws Exception {
        Path probs = dir.resolve("p.npy");
        Path y = dir.resolve("y.npy");
        Npy.writeMatrix(probs, FloatMatrix.ofRows(p));
        Npy.writeLabels(y, Labels.classes(labels));
        return diagnostic.run(new LabelIssuesRequest(null, null, null, null, null, probs.toString(), y.toString(), null, null, null,
                null, null, null, null, null, null, null, null, null, null, null), RunContext.local(null, new CancellationToken()));
    }

    /** The hand-computed case of {@link ConfidentLearningTest#aHandComputedCase()}, from .npy files, stored. */
    @Test
    void givenProbabilitiesFindTheHandComputedIssueAndAreStored() throws Exception {
        LabelIssuesResult r = run(new float[][] {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.3f, 0.7f}, {0.2f, 0.8f}, {0.6f, 0.4f}, {0.3f, 0.7f}},
                new int[] {0, 0, 1, 1, 1, 0});
        assertEquals(1, r.count());
        LabelIssuesResult.Issue issue = r.issues().get(0);
        assertEquals(List.of(5, "0", "1"), List.of(issue.index(), issue.given(), issue.suggested()));
        assertEquals(-0.4, issue.score(), 1e-6, "float32 input");
        assertEquals(Map.of("0", 1, "1", 0), r.perClass());
        assertEquals(List.of(List.of(2L, 1L), List.of(0L, 2L)), r.confidentJoint());
        JsonObject doc = JsonParser.parseString(store.document(r.resultId())).getAsJsonObject();
        assertEquals(1, doc.get("count").getAsInt());
        JsonObject first = doc.getAsJsonArray("issues").get(0).getAsJsonObject();
        assertEquals(5, first.get("index").getAsInt(), "the issue's --json shape: index, given, suggested, score, text");
        assertTrue(first.has("given") && first.has("suggested") && first.has("score"));
        assertEquals("label-issues", doc.get("kind").getAsString());
        assertFalse(doc.getAsJsonObject("provenance").getAsJsonObject("inputs").get("pred_probs+labels").getAsString().isBlank());
    }

    @Test
    void rowsThatNearlySumToOneAreRenormalisedWithANote() throws Exception {
        LabelIssuesResult r = run(new float[][] {{0.9f, 0.105f}, {0.8f, 0.2f}, {0.3f, 0.7f}, {0.2f, 0.8f}}, new int[] {0, 0, 1, 1});
        assertTrue(r.notes().get(0).startsWith("1 rows of p.npy did not sum to 1"), r.notes().toString());
    }

    @Test
    void badInputIsOneLineSayingWhatToDo() {
        assertEquals("p.npy row 0 sums to 1.5, not 1; pass probabilities (softmax outputs) whose rows sum to one",
                assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{0.9f, 0.6f}, {0.2f, 0.8f}}, new int[] {0, 1}))
                        .getMessage());
        assertEquals("p.npy has 2 rows but there are 3 labels; give one row of probabilities per label",
                assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}}, new int[] {0, 1, 1}))
                        .getMessage());
        assertEquals("class 2 is never given in the labels, so its threshold (the mean probability of the examples labelled 2) is "
                + "undefined; drop column 2 of p.npy or check the labels",
                assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{0.8f, 0.1f, 0.1f}, {0.2f, 0.7f, 0.1f}},
                        new int[] {0, 1})).getMessage());
        assertEquals("every label is 1: a single class has no label issues to find; give labels of at least two classes",
                assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}}, new int[] {1, 1}))
                        .getMessage());
        assertEquals("label 1 is 2 but p.npy has only 2 columns (classes 0..1)",
                assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}}, new int[] {0, 2}))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run(new float[][] {{2.0f, -1.0f}, {0.2f, 0.8f}}, new int[] {0, 1}))
                .getMessage().contains("probabilities must be in [0, 1] (pass softmax outputs, not logits)"));
        assertTrue(assertDoesNotThrow(() -> store.query(lmwb.api.results.ResultQuery.ALL)).results().isEmpty(),
                "nothing stored for bad input");
    }

    @Test
    void requestChecks() {
        assertEquals("--pred-probs and --labels go together: give both (N x C probabilities and N integer labels) or neither (then "
                + "--dataset and --models)", assertThrows(IllegalArgumentException.class, () -> new LabelIssuesRequest(null, null, null,
                        null, null, "p.npy", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null))
                        .getMessage());
        assertEquals("--folds must be at least 2, got 1", assertThrows(IllegalArgumentException.class, () -> new LabelIssuesRequest(
                "sst2", null, null, 1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null)).getMessage());
        assertEquals("--layer must be mean, best or a layer number (-1 = last, 1 = first), got 'deep'",
                assertThrows(IllegalArgumentException.class, () -> new LabelIssuesRequest("sst2", null, "deep", null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null)).getMessage());
    }
}
