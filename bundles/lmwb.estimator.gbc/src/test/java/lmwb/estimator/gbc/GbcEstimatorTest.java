package lmwb.estimator.gbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.UnsupportedTaskException;
import lmwb.estimator.support.testing.GoldenCases;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenCases.Expected;
import org.junit.jupiter.api.Test;

/**
 * GbcEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy implementation of the paper's equations (diagonal Gaussians, ordered pairs), run on the same fixed float32 cases (written next to it).
 */
class GbcEstimatorTest {
    private static final double TOLERANCE = 1e-12;
    private final GbcEstimator estimator = new GbcEstimator();

    private double score(Case c, String options) {
        return estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse(options), CancellationToken.NONE).value();
    }

    private static Case load(String name) {
        return GoldenCases.load(GbcEstimatorTest.class, "/golden", name);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void matchesTheIndependentNumpyImplementation() {
        List<Expected> rows = GoldenCases.expected(GbcEstimatorTest.class, "/golden");
        assertTrue(rows.size() >= 6);
        for (Expected e : rows) {
            assertClose(e.value(), score(load(e.caseName()), e.options()), e.caseName() + " " + e.options());
        }
    }

    @Test
    void separatedClassesScoreAboveRandomFeatures() {
        assertTrue(score(load("sep_n90_d6_c3"), "") > score(load("noise_n90_d6_c3"), ""));
    }

    @Test
    void rowOrderDoesNotChangeTheScore() {
        for (String name : List.of("sep_n90_d6_c3", "binary_n80_d12", "sparse_ids_n60_d5_c3")) {
            Case c = load(name);
            assertClose(score(c, ""), score(GoldenCases.permuteRows(c, 42), ""), name);
        }
    }

    @Test
    void classIdsDoNotChangeTheScore() {
        Case c = load("sep_n90_d6_c3");
        double base = score(c, "");
        assertClose(base, score(GoldenCases.relabel(c, id -> (id + 1) % 3), ""), "rotated ids");
        assertClose(base, score(GoldenCases.relabel(c, id -> 7 * id + 3), ""), "sparse ids");
    }

    @Test
    void refusesASingleClassAndRegression() {
        FloatMatrix x = FloatMatrix.of(4, 1, new float[] {0, 1, 2, 3});
        Labels one = Labels.classes(new int[] {1, 1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.score(x, one));
        assertTrue(e.getMessage().startsWith("gbc: need at least 2 distinct classes"), e.getMessage());
        assertFalse(estimator.checkLabels(one, EstimatorOptions.NONE).isEmpty());
        Labels targets = Labels.regression(new double[] {0, 1, 2, 3});
        assertThrows(UnsupportedTaskException.class, () -> estimator.score(x, targets));
        assertFalse(estimator.checkLabels(targets, EstimatorOptions.NONE).isEmpty());
        assertFalse(estimator.supportsRegression());
    }

    @Test
    void refusesUnknownOptions() {
        Case c = load("binary_n80_d12");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> score(c, "nonsense=1"));
        assertTrue(e.getMessage().contains("nonsense"), e.getMessage());
    }

    @Test
    void liesBetweenMinusCTimesCMinusOneAndZero() {
        for (String name : List.of("sep_n90_d6_c3", "wide_n40_d60_c4", "sparse_ids_n60_d5_c3", "binary_n80_d12", "noise_n90_d6_c3")) {
            Case c = load(name);
            int classes = (int) java.util.Arrays.stream(c.labels().classIds()).distinct().count();
            double v = score(c, "");
            assertTrue(v <= 0 && v > -classes * (classes - 1.0), name + " " + v);
        }
        // identical classes: every coefficient is 1, the bound −C(C−1) itself
        FloatMatrix same = FloatMatrix.of(4, 1, new float[] {0, 2, 0, 2});
        assertEquals(-2.0, estimator.score(same, Labels.classes(new int[] {0, 0, 1, 1})).value(), 1e-12);
    }

    /** Two 1-D classes {0, 2} and {4, 6}: D_B = 16 / (8 · 1.000001), GBC = −2·exp(−D_B), by hand from the Javadoc. */
    @Test
    void matchesAHandComputedValue() {
        FloatMatrix x = FloatMatrix.of(4, 1, new float[] {0, 2, 4, 6});
        assertEquals(-2 * Math.exp(-16.0 / (8 * 1.000001)), estimator.score(x, Labels.classes(new int[] {0, 0, 1, 1})).value(), 1e-12);
    }

    @Test
    void refusesAClassOfOneRow() {
        FloatMatrix x = FloatMatrix.of(3, 1, new float[] {0, 1, 2});
        assertThrows(IllegalArgumentException.class, () -> estimator.score(x, Labels.classes(new int[] {0, 0, 1})));
    }
}
