package lmwb.diagnostics.cartography;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.capability.RunContext;
import lmwb.api.diagnostics.CartographyRequest;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.api.training.TrainingDynamics;
import lmwb.common.json.Json;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.ranker.BundleProvenanceRecorder;
import lmwb.results.JdbcResultStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cartography} through the capability with the real result store: a training result whose run folder holds
 * the dynamics file {@code train --dynamics} writes, and the clear errors for results it cannot map.
 */
class CartographyDiagnosticTest {
    @TempDir
    Path dir;
    private Database db;
    private ResultStore store;
    private CartographyDiagnostic diagnostic;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(DatabaseSettings.validated(Map.of(), dir));
        store = new JdbcResultStore(db, Map.of("directory", dir.resolve("results").toString()));
        diagnostic = new CartographyDiagnostic(store, new BundleProvenanceRecorder(null));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Stores a training result with runs of the given seeds, and dynamics for the first seed when asked. */
    private String training(boolean dynamics, long... seeds) throws Exception {
        try (ResultStore.PendingResult pending = store.begin("training")) {
            StringBuilder runs = new StringBuilder();
            for (long s : seeds) {
                runs.append(runs.length() == 0 ? "" : ",").append("{\"seed\":").append(s).append('}');
            }
            if (dynamics) {
                // 3 epochs: #0 steady and right (easy), #1 steady and wrong (hard), #2 swinging (ambiguous)
                TrainingDynamics d = new TrainingDynamics("mem", "h", "text classification", List.of("neg", "pos"), seeds[0], 3,
                        List.of(new TrainingDynamics.Example("good", 1, List.of(0.9, 0.95, 0.97), List.of(true, true, true)),
                                new TrainingDynamics.Example("odd", 0, List.of(0.1, 0.12, 0.08), List.of(false, false, false)),
                                new TrainingDynamics.Example("hmm", 0, List.of(0.2, 0.8, 0.5), List.of(false, true, false))));
                Path f = pending.file(TrainingDynamics.file(seeds[0]));
                Files.createDirectories(f.getParent());
                Files.writeString(f, Json.COMPACT.toJson(d));
            }
            return pending.commit(new ResultMetadata("train test", "local", "mem", List.of("m"), List.of(), null),
                    "{\"request\":{\"models\":[\"m\"]},\"runs\":[" + runs + "]}").id();
        }
    }

    private CartographyResult run(String run, Long seed) throws Exception {
        return diagnostic.run(new CartographyRequest(run, seed, null, null), RunContext.local(null, new CancellationToken()));
    }

    @Test
    void mapsTheRecordedRunAndStoresThePlot() throws Exception {
        String id = training(true, 5, 6);
        CartographyResult r = run(id, null);
        assertEquals(List.of(5L, 3, 3), List.of(r.seed(), r.epochs(), r.examples().size()));
        // by hand: #2's probabilities 0.2, 0.8, 0.5 have mean 0.5 and population deviation sqrt(0.18 / 3) = 0.2449
        CartographyResult.Point hmm = r.examples().get(2);
        assertEquals(0.5, hmm.confidence(), 1e-12);
        assertEquals(Math.sqrt(0.18 / 3), hmm.variability(), 1e-12);
        assertEquals(1.0 / 3, hmm.correctness(), 1e-12);
        assertEquals(List.of(CartographyResult.EASY, CartographyResult.HARD, CartographyResult.AMBIGUOUS),
                r.examples().stream().map(CartographyResult.Point::region).toList(), "round(0.33 * 3) = 1 example per region");
        assertEquals(Map.of("easy-to-learn", 1, "ambiguous", 1, "hard-to-learn", 1, "other", 0), r.regions());
        assertEquals(List.of("pos", "neg", "neg"), r.examples().stream().map(CartographyResult.Point::label).toList());
        assertEquals("mem", r.dataset().name());
        String svg = Files.readString(store.file(r.resultId(), CartographyResult.PLOT));
        assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), svg.substring(0, 40));
        assertTrue(svg.contains("ambiguous") && svg.contains("easy-to-learn") && svg.contains("hard-to-learn"));
        assertTrue(store.document(r.resultId()).contains("\"variability\""));
    }

    @Test
    void resultsItCannotMapAreOneLineErrors() throws Exception {
        String without = training(false, 5);
        assertEquals("training " + without + " was run without --dynamics, so it recorded no training dynamics; train again "
                + "with --dynamics", assertThrows(IllegalArgumentException.class, () -> run(without, null)).getMessage());
        String with = training(true, 5);
        assertEquals("training " + with + " has no run with seed 9; its runs' seeds: [5]",
                assertThrows(IllegalArgumentException.class, () -> run(with, 9L)).getMessage());
        assertEquals("no result 'nope'; run 'results --kind training' to see the training runs",
                assertThrows(IllegalArgumentException.class, () -> run("nope", null)).getMessage());
        String other;
        try (ResultStore.PendingResult pending = store.begin("difficulty")) {
            other = pending.commit(new ResultMetadata("d", "local", "mem", List.of(), List.of(), null), "{}").id();
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run(other, null)).getMessage()
                .startsWith("result " + other + " is a difficulty result; cartography needs a training run"));
        assertEquals("--fraction must be in (0, 1/3] (each region's share of the examples), got 0.5",
                assertThrows(IllegalArgumentException.class, () -> new CartographyRequest("x", null, 0.5, null)).getMessage());
    }
}
