package lmwb.shell.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.data.DatasetList;
import lmwb.api.data.DatasetsRequest;
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
