package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelvec} and {@code deltarank} name stored trainings by id, as {@code predict} does: a client of the shared
 * runtime cannot name the server's folders, so a job names what {@code train} stored (the real result store, lmwb.results
 * on H2).
 */
class StoredTrainingsTest {
    @TempDir
    Path dir;

    private static StoredResult store(ResultStore store, String kind, String... seeds) throws IOException {
        try (ResultStore.PendingResult p = store.begin(kind)) {
            for (String seed : seeds) {
                Files.createDirectories(p.directory().resolve(seed));
                Files.writeString(p.directory().resolve(seed).resolve("model.json"), "{}");
            }
            return p.commit(new ResultMetadata(kind, "ada", null, List.of(), List.of(), null), "{\"kind\":\"" + kind + "\"}");
        }
    }

    @Test
    void aStoredTrainingsIdBecomesItsFolderAndOtherReferencesStayAsGiven() throws IOException, SQLException {
        try (TestStore t = new TestStore(dir)) {
            StoredResult training = store(t.store, "training", "seed-1", "seed-2");
            Path folder = dir.resolve("a-checkpoint-folder");
            Files.createDirectories(folder);
            List<String> resolved = DeltaLoader.stored(t.store, List.of(training.id(), training.id() + "/seed-2",
                    folder.toString(), "all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2"));
            assertEquals(List.of(training.directory().toString(), training.directory().resolve("seed-2").toString(),
                    folder.toString(), "all-minilm-l6-v2", "sentence-transformers/all-MiniLM-L6-v2"), resolved);
            // the training folder holds a seed-* checkpoint per run: expand lists them under ID/seed-N
            assertEquals(List.of(training.id() + "/seed-1", training.id() + "/seed-2"),
                    DeltaLoader.expand(List.of(resolved.get(0))).stream().map(DeltaLoader.Input::name).toList());
        }
    }

    @Test
    void aStoredResultThatIsNoTrainingOrLacksTheSeedIsRefusedWithOneLine() throws IOException, SQLException {
        try (TestStore t = new TestStore(dir)) {
            StoredResult ranking = store(t.store, "ranking");
            StoredResult training = store(t.store, "training", "seed-1");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeltaLoader.stored(t.store, List.of(ranking.id())));
            assertEquals("--models " + ranking.id() + " is a stored 'ranking' result, not a training; see 'results --kind "
                    + "training'", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> DeltaLoader.stored(t.store, List.of(training.id() + "/seed-7")));
            assertEquals("--models " + training.id() + "/seed-7: training " + training.id() + " has no checkpoint 'seed-7'; "
                    + "give its id alone to see its seed-* checkpoints", e.getMessage());
        }
    }
}
