package lmwb.shell.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.shell.testing.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code results}: every kind listed, filters, limit, one result, errors. */
class ResultsCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private ResultStore store;
    private ResultsCommand command;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        store = testStore.store;
        store.save("ranking", new ResultMetadata("rank sst2", "local", "sst2", List.of("m1", "m2"), List.of("hscore"), null),
                "{}", Map.of());
        store.save("embedding", new ResultMetadata("embed sst2", "alice", "sst2", List.of("m1"), List.of(), null), "{}", Map.of());
        store.save("estimate", new ResultMetadata("estimate y.npy", "local", "y.npy", List.of(), List.of("knn"), null), "{}",
                Map.of());
        command = new ResultsCommand(store);
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore() {
        testStore.close();
    }

    private String list(String kind, String dataset, String model, String user, String limit) throws Exception {
        return command.results(kind, dataset, model, user, limit, "");
    }

    @Test
    void everyKindIsListedAndFiltersNarrowIt() throws Exception {
        String all = list("", "", "", "", "");
        for (String kind : List.of("ranking", "embedding", "estimate")) {
            assertTrue(all.contains(kind), all);
        }
        assertEquals(1 + 2, list("embedding", "", "", "", "").lines().count(), "header, underline, one row");
        assertEquals(2 + 2, list("", "sst2", "", "", "").lines().count());
        assertEquals(2 + 2, list("", "", "m1", "", "").lines().count());
        assertEquals(1 + 2, list("", "", "m2", "", "").lines().count());
        assertEquals(1 + 2, list("", "", "", "alice", "").lines().count());
        assertTrue(list("", "", "", "", "1").endsWith("(more: raise --limit or filter)"));
        assertEquals("no stored results match; run 'lmwb rank' (or drop the filters)", list("training", "", "", "", ""));
        assertTrue(command.results("embedding", "", "", "", "", "true").startsWith("[{\"id\":"));
    }

    @Test
    void badLimitAndUnknownIdAreOneLine() {
        assertEquals("results --limit must be between 1 and 1000, got 0",
                assertThrows(IllegalArgumentException.class, () -> list("", "", "", "", "0")).getMessage());
        assertEquals("results --limit: expected a whole number, got 'ten'",
                assertThrows(IllegalArgumentException.class, () -> list("", "", "", "", "ten")).getMessage());
        assertEquals("no stored result 'nope'; run 'lmwb results' to list them",
                assertThrows(IllegalArgumentException.class, () -> command.results("", "nope")).getMessage());
    }

    @Test
    void oneResultOfAKindWithoutAViewIsItsIndentedDocument() throws Exception {
        String id = store.save("plug-in-kind", new ResultMetadata("from a plug-in", null, null, null, null, null), "{\"x\": 1}",
                Map.of()).id();
        String shown = command.results("", id);
        assertTrue(shown.contains("\"kind\": \"plug-in-kind\""), shown);
        assertTrue(shown.endsWith("folder: " + dir.resolve("results").resolve(id)), shown);
    }
}
