package lmwb.shell.modelvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.results.ResultStore;
import lmwb.shell.RecordingCapability;
import lmwb.shell.core.Invocation;
import lmwb.shell.testing.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelvec} and {@code deltarank} through the real shell core with capabilities that record the request and
 * store a fixed typed result; the analyses are covered by lmwb.analysis.modelvectors' tests.
 */
class ModelVectorCommandTest {
    @TempDir
    Path dir;
    private TestStore testStore;
    private RecordingCapability<ModelVectorRequest, ModelVectorResult> modelvec;
    private RecordingCapability<DeltaRankRequest, DeltaRankResult> deltarank;
    private ModelVectorCommand command;

    @BeforeEach
    void setUp() throws Exception {
        testStore = new TestStore(dir);
        ResultStore store = testStore.store;
        Invocation invocation = new Invocation(store);
        ModelVectorResult.Architecture arch = new ModelVectorResult.Architecture(2, 4, 8);
        modelvec = new RecordingCapability<>("modelvec", ModelVectorResult.KIND, ModelVectorRequest.class, store, (q, p) -> {
            Files.write(p.file("vectors.npy"), new byte[] {1});
            return new ModelVectorResult(p.id(), q.base(), arch, q.rank(), q.variant(), 56, "(3H + H + F + H) * r", 2,
                    List.of(new ModelVectorResult.Model("a/seed-0", "a", new double[] {0, 1}, null)),
                    List.of(new ModelVectorResult.Method("model vector, reference (chosen)", "euclidean", 56, 0.5, 1.0, null)),
                    2.0, List.of("vectors.npy"), Provenance.builder("modelvec").build());
        });
        deltarank = new RecordingCapability<>("deltarank", DeltaRankResult.KIND, DeltaRankRequest.class, store, (q, p) ->
                new DeltaRankResult(p.id(), q.base(), arch, q.models(), q.tau(), List.of(new DeltaRankResult.Row(0, "query",
                        new long[] {4, 4}, 4, 0.25, List.of(new DeltaRankResult.Rank(0.5, 1.5, 1, 2)))),
                        Map.of("0.5", Map.of("query", 1.5)), List.of(), Provenance.builder("deltarank").build()));
        invocation.addCapability(modelvec, modelvec.properties());
        invocation.addCapability(deltarank, deltarank.properties());
        command = new ModelVectorCommand(invocation);
    }

    @AfterEach
    void closeStore() {
        testStore.close();
    }

    @Test
    void modelvecMapsOptionsAndRendersTheEvaluation() throws Exception {
        Path out = dir.resolve("mv");
        String table = command.modelvec("tiny", "x,y", "a,-", "4", "signfix", "2", "9", out.toString(), "", "", "");
        assertEquals(new ModelVectorRequest("tiny", List.of("x", "y"), List.of("a", "-"), 4, "signfix", 2, 9L, out.toString()),
                modelvec.requests.get(0));
        assertTrue(table.startsWith("1 models, base tiny, rank 4, vector size 56"), table);
        assertTrue(table.contains("0.5000") && table.contains("n/a"), "a missing silhouette is n/a: " + table);
        assertTrue(Files.isRegularFile(out.resolve("vectors.npy")), "--out copies the stored files");
        command.modelvec("tiny", "x,y", "", "", "", "", "", "", "", "", "");
        ModelVectorRequest d = modelvec.requests.get(1);
        assertEquals(List.of(8, "reference", 3, 42L), List.of(d.rank(), d.variant(), d.neighbours(), d.seed()));
        assertEquals("--base is required (see 'models')", assertThrows(IllegalArgumentException.class,
                () -> command.modelvec("", "x", "", "", "", "", "", "", "", "", "")).getMessage());
        assertEquals("unknown --variant 'sideways'; use one of reference, signfix, scaled, concat",
                assertThrows(IllegalArgumentException.class, () -> command.modelvec("tiny", "x", "", "", "sideways", "", "",
                        "", "", "", "")).getMessage());
        assertEquals(2, modelvec.requests.size());
    }

    @Test
    void deltarankMapsTauAndRendersRanks() throws Exception {
        String table = command.deltarank("tiny", "x", "0.5", "", "", "", "");
        assertEquals(new DeltaRankRequest("tiny", List.of("x"), List.of(0.5), null), deltarank.requests.get(0));
        assertTrue(table.contains("query") && table.contains("[4, 4]") && table.contains("1.5") && table.contains("1-2"), table);
        assertTrue(table.contains("mean over layers at tau 0.5: query 1.5"), table);
        command.deltarank("tiny", "x", "", "", "", "", "");
        assertEquals(List.of(0.5, 0.9), deltarank.requests.get(1).tau());
        assertEquals("--tau values must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> command.deltarank("tiny", "x", "0.5,1.5", "", "", "", "")).getMessage());
        assertEquals("--models is required: comma list of fine-tuned checkpoints or models",
                assertThrows(IllegalArgumentException.class, () -> command.deltarank("tiny", "", "", "", "", "", ""))
                        .getMessage());
    }
}
