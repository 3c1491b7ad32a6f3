package lmwb.analysis.redundancy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import org.junit.jupiter.api.Test;

class ProbeAndSelectionTest {

    @Test
    void weightMassRankingOnAHandMadeMatrix() {
        // Class 0 mass: |3| + |-1| + |0.5| + 0 = 4.5, sorted 0 (3), 1 (1), 2 (0.5); class 1: neuron 3 (2), 2 (2).
        // p up to 3/4.5 = 0.667 needs only neuron 0 for class 0; class 1 needs 3 (tie broken by index: 2
        // before 3) -> at p = 0.001: class 0 adds 0, class 1 adds 2. Then class 1 reaches p > 0.5 with 3,
        // class 0 above p = 0.667 with 1 (at 0.889 mass), then 2. Zero-mass neuron 4 comes last.
        double[][] w = {
            {3.0, -1.0, 0.5, 0.0, 0.0},
            {0.0, 0.0, -2.0, 2.0, 0.0},
        };
        assertArrayEquals(new int[] {0, 2, 3, 1, 4}, WeightMassRanking.order(w, 1000));
    }

    @Test
    void layerSelectorPicksTheSmallestLayerStrictlyAboveTheBar() {
        double oracle = 0.90;
        double[] inc = {0.50, 0.80, 0.873, 0.88, 0.891, 0.90, 0.905};
        // bars: 3 % -> 0.873 (strictly above: layer 3), 2 % -> 0.882 (layer 4), 1 % -> 0.891 (layer 5).
        assertEquals(3, LayerSelector.select(oracle, inc, 3));
        assertEquals(4, LayerSelector.select(oracle, inc, 2));
        assertEquals(5, LayerSelector.select(oracle, inc, 1));
        assertEquals(6, LayerSelector.select(0.99, inc, 0), "no layer clears the bar -> the last one");
        assertThrows(IllegalArgumentException.class, () -> LayerSelector.select(oracle, inc, 100));
    }

    private static FloatMatrix blobs(int n, int d, int[] y, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < d; j++) {
                // Only neurons 0..2 carry the class; the rest is noise.
                double signal = j < 3 && y[i] == j ? 2.0 : 0.0;
                v[i * d + j] = (float) (signal + r.nextGaussian() * 0.5);
            }
        }
        return FloatMatrix.wrap(n, d, v);
    }

    @Test
    void probeLearnsSeparableClassesAndRanksTheInformativeNeuronsFirst() {
        int n = 1500;
        int[] y = new int[n];
        FloatMatrix x = blobs(n, 20, y, 5);
        Labels labels = Labels.classes(y);
        LinearProbe.Settings s = LinearProbe.Settings.PAPER.withEpochs(30);
        LinearProbe probe = LinearProbe.train(x, labels, s);
        assertTrue(probe.score(x, labels) > 0.95, "train accuracy " + probe.score(x, labels));
        LinearProbe again = LinearProbe.train(x, labels, s);
        assertArrayEquals(probe.weights()[0], again.weights()[0], "same seed, same probe");
        int[] order = WeightMassRanking.order(probe.weights(), 1000);
        assertEquals(java.util.Set.of(0, 1, 2), java.util.Set.of(order[0], order[1], order[2]));
        int[] probeless = new ClassMeanDifferenceRanker().rank(x, labels, 1);
        assertEquals(java.util.Set.of(0, 1, 2), java.util.Set.of(probeless[0], probeless[1], probeless[2]));
    }

    @Test
    void regressionProbeFitsALinearTarget() {
        int n = 1000;
        Random r = new Random(3);
        float[] v = new float[n * 4];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                v[i * 4 + j] = (float) r.nextGaussian();
            }
            t[i] = 0.8 * v[i * 4] - 0.5 * v[i * 4 + 2] + 0.1 * r.nextGaussian();
        }
        FloatMatrix x = FloatMatrix.wrap(n, 4, v);
        LinearProbe probe = LinearProbe.train(x, Labels.regression(t), LinearProbe.Settings.PAPER.withEpochs(20));
        assertTrue(probe.isRegression());
        assertTrue(probe.score(x, Labels.regression(t)) > 0.95, "Pearson " + probe.score(x, Labels.regression(t)));
    }
}
