package lmwb.shell.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.data.DatasetList;
import lmwb.api.data.DatasetsRequest;
import lmwb.api.encoder.EmbedRequest;
import lmwb.api.encoder.EmbeddingEngine;
import lmwb.api.server.ServerSettings;
import lmwb.shell.testing.TestStore;
import lmwb.shell.testing.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

/** The shell core: capabilities by name, the run step that a front end can replace, request files. */
class InvocationTest {
    @TempDir
    Path dir;

    @Test
    void theHighestRankedRunnerRunsTheCapabilityAndLocalRunsWithoutOne() throws Exception {
        try (TestStore t = new TestStore(dir)) {
            runnersIn(new Invocation(t.store));
        }
    }

    private void runnersIn(Invocation inv) throws Exception {
        Recording<DatasetsRequest, DatasetList> cap = new Recording<>("datasets", DatasetsRequest.class,
                (q, c) -> new DatasetList(DatasetList.KIND, List.of()));
        inv.addCapability(cap, Map.of(Capability.NAME, "datasets"));
        inv.call("datasets", Options.given()).run();
        assertEquals(1, cap.requests.size(), "no runner service: the local runner runs it here");
        List<String> used = new ArrayList<>();
        CapabilityRunner low = recording("low", used);
        CapabilityRunner high = recording("high", used);
        inv.addRunner(low, Map.of(Constants.SERVICE_RANKING, 1, Constants.SERVICE_ID, 10L));
        inv.addRunner(high, Map.of(Constants.SERVICE_RANKING, 5, Constants.SERVICE_ID, 11L));
        inv.call("datasets", Options.given()).run();
        inv.removeRunner(high, Map.of());
        inv.call("datasets", Options.given()).run();
        assertEquals(List.of("high", "low"), used);
    }

    /**
     * In the shell of {@code lmwb serve} an SSH user's command is a job, so where it embeds is the server's choice:
     * the runner's argument step (what {@link QueueRunner} does for an SSH user) comes before the request is decoded,
     * so {@code --engine spark} alone is a valid request that runs on the configured master.
     */
    @Test
    void theRunnerSeesTheArgumentsBeforeTheyAreDecoded() throws Exception {
        try (TestStore t = new TestStore(dir)) {
            Invocation inv = new Invocation(t.store);
            inv.addCapability(new Recording<>("embed", EmbedRequest.class, (q, c) -> null), Map.of(Capability.NAME, "embed"));
            Options sparkOnly = Options.given().option("--model", "m").option("--dataset", "d").option("--engine", "spark");
            assertEquals("--engine spark needs --spark-master URL, e.g. spark://127.0.0.1:7077 ('runtime/spark-cluster "
                    + "start' prints one)", assertThrows(IllegalArgumentException.class,
                            () -> inv.call("embed", sparkOnly).decode()).getMessage(), "the local command line");
            CapabilityRunner configured = server(EmbeddingEngine.LOCAL, "spark://lab:7077");
            inv.addRunner(configured, Map.of(Constants.SERVICE_ID, 1L));
            EmbedRequest q = (EmbedRequest) inv.call("embed", sparkOnly).decode();
            assertEquals("spark://lab:7077", q.sparkMaster(), "the server's configured master");
            Options ownMaster = Options.given().option("--model", "m").option("--dataset", "d").option("--engine", "spark")
                    .option("--spark-master", "spark://elsewhere:7077");
            assertEquals("spark_master: this server embeds only on its configured Spark master spark://lab:7077; drop "
                    + "spark_master (engine: spark uses the configured one)", assertThrows(IllegalArgumentException.class,
                            () -> inv.call("embed", ownMaster).decode()).getMessage(), "still refused");
            inv.removeRunner(configured, Map.of());
            inv.addRunner(server(EmbeddingEngine.LOCAL, null), Map.of(Constants.SERVICE_ID, 2L));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> inv.call("embed", sparkOnly).decode())
                    .getMessage().startsWith("engine: this server has no Spark master configured; drop engine spark"));
            inv.addRunner(server(EmbeddingEngine.SPARK, "spark://lab:7077"), Map.of(Constants.SERVICE_RANKING, 9,
                    Constants.SERVICE_ID, 3L));
            q = (EmbedRequest) inv.call("embed", Options.given().option("--model", "m").option("--dataset", "d")).decode();
            assertEquals("spark://lab:7077", q.sparkMaster(), "embedding_engine=spark: every job on the master");
        }
    }

    /** A runner that treats arguments as the queue runner does for an SSH user of a server with these settings. */
    private static CapabilityRunner server(EmbeddingEngine engine, String master) {
        ServerSettings settings = new ServerSettings(8421, 8422, "127.0.0.1", 1, null, "", false, List.of(), engine, master);
        return new CapabilityRunner() {
            @Override
            public <Q extends Record, R extends CapabilityResult> R run(Capability<Q, R> capability, Q request) {
                throw new UnsupportedOperationException("only decoded here");
            }

            @Override
            public JsonObject arguments(Class<? extends Record> type, JsonObject args) {
                return QueueRunner.asJob(settings, type, args);
            }
        };
    }

    @Test
    void anUnknownCapabilitySaysSo() throws Exception {
        try (TestStore t = new TestStore(dir)) {
            Invocation inv = new Invocation(t.store);
            assertEquals("the 'rank' capability is not installed (its bundle is missing or not started); run 'lb' to see the bundles",
                    assertThrows(IllegalStateException.class, () -> inv.call("rank", Options.given())).getMessage());
        }
    }

    private static CapabilityRunner recording(String name, List<String> used) {
        return new CapabilityRunner() {
            @Override
            public <Q extends Record, R extends CapabilityResult> R run(Capability<Q, R> capability, Q request) throws Exception {
                used.add(name);
                return capability.run(request, lmwb.api.capability.RunContext.local(null, lmwb.api.CancellationToken.NONE));
            }
        };
    }
}
