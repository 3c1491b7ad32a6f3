package lmwb.shell.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.Capability;
import lmwb.api.data.DatasetInfo;
import lmwb.api.data.DatasetList;
import lmwb.api.data.DatasetRequest;
import lmwb.api.data.DatasetsRequest;
import lmwb.shell.testing.TestStore;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.Recording;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset} and {@code datasets}: options → request, tables, JSON (snake_case), errors. */
class DatasetCommandsTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private Recording<DatasetRequest, DatasetInfo> inspect;
    private DatasetCommand dataset;
    private DatasetsCommand datasets;

    @BeforeEach
    void setUp() throws Exception {
        inspect = new Recording<>("dataset", DatasetRequest.class, (q, c) -> new DatasetInfo(DatasetInfo.KIND, q.dataset(),
                "text-classification", 3, Map.of("train", 3), Map.of("text", 0L, "label", 1L), "sha256:abc", null,
                Map.of("pos", 2L, "neg", 1L), List.of(new DatasetInfo.Shown("good film", null, "pos", null)), Map.of(), Map.of()));
        Recording<DatasetsRequest, DatasetList> list = new Recording<>("datasets", DatasetsRequest.class, (q, c) -> new DatasetList(
                DatasetList.KIND, List.of(new DatasetList.Entry("acceptability", "text-classification", "builtin", "maven x", true,
                        true, "sentences"), new DatasetList.Entry("mine", "text-regression", "other", "folder", null, false, "d"))));
        testStore = new TestStore(dir);
        Invocation invocation = new Invocation(testStore.store);
        invocation.addCapability(inspect, Map.of(Capability.NAME, "dataset"));
        invocation.addCapability(list, Map.of(Capability.NAME, "datasets"));
        dataset = new DatasetCommand(invocation);
        datasets = new DatasetsCommand(invocation);
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    @Test
    void datasetOptionsBecomeTheRequest() throws Exception {
        dataset.dataset("t", "p", "l", "pair-classification", "0.5", "7", "latin-1", "true", "", "", "file.csv");
        assertEquals(new DatasetRequest("file.csv", "t", "p", "l", "pair-classification", 0.5, 7L, "latin-1", true),
                inspect.requests.get(0));
        assertEquals(false, inspect.requests.get(0).options().mergeBio(), "--keep-bio keeps B-/I- prefixes");
    }

    @Test
    void datasetRendersTheLabelsAndJsonHasSnakeCaseKeys() throws Exception {
        String table = dataset.dataset("", "", "", "", "", "", "", "", "", "", "file.csv");
        assertTrue(table.startsWith("dataset   file.csv\ntask      text-classification\n"), table);
        assertTrue(table.contains("pos    2      66.7%"), table);
        assertTrue(table.contains("  [pos] good film"), table);
        String json = dataset.dataset("", "", "", "", "", "", "", "", "", "true", "file.csv");
        assertTrue(json.contains("\"content_hash\":\"sha256:abc\""), json);
    }

    @Test
    void datasetsMarksTheDefaultAndWhatIsLocal() throws Exception {
        String table = datasets.datasets("");
        assertTrue(table.contains("acceptability *"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("acceptability *") && l.contains(" yes ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("mine") && l.contains(" - ")), "a provider that cannot say: " + table);
        assertTrue(datasets.datasets("true").contains("\"is_default\":true"));
    }

    @Test
    void badValuesAreOneLine() {
        assertEquals("dataset --downsample: expected a number, got 'half'", assertThrows(IllegalArgumentException.class,
                () -> dataset.dataset("", "", "", "", "half", "", "", "", "", "", "file.csv")).getMessage());
        assertTrue(inspect.requests.isEmpty());
    }
}
