package lmwb.diagnostics.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choice of the best layer (the one shared by {@code difficulty} and {@code label-issues}). */
class LayerProbesTest {
    /**
     * Two examples with labels 0 and 1; layer "-1" gives them p = 0.9 and 0.6 (mean ln = (ln 0.9 + ln 0.6) / 2 =
     * −0.3081, by hand), layer "mean" 0.7 and 0.8 (−0.2899): "mean" is better, although "-1" is more confident on the
     * first example.
     */
    @Test
    void theBestLayerHasTheHighestHeldOutLogLikelihood() {
        int[] labels = {0, 1};
        Map<String, OutOfFoldProbe.Result> probes = new LinkedHashMap<>();
        probes.put("-1", new OutOfFoldProbe.Result(new double[] {0.9, 0.1, 0.4, 0.6}, 2, new double[] {1}, new int[] {0, 0}));
        probes.put("mean", new OutOfFoldProbe.Result(new double[] {0.7, 0.3, 0.2, 0.8}, 2, new double[] {1}, new int[] {0, 0}));
        assertEquals((Math.log(0.9) + Math.log(0.6)) / 2, LayerProbes.meanLogLikelihood(probes.get("-1"), labels), 1e-15);
        assertEquals(-0.3081, LayerProbes.meanLogLikelihood(probes.get("-1"), labels), 1e-4);
        assertEquals(-0.2899, LayerProbes.meanLogLikelihood(probes.get("mean"), labels), 1e-4);
        assertEquals("mean", LayerProbes.best(probes, labels));
    }
}
