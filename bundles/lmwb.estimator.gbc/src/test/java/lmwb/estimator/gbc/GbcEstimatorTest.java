package lmwb.estimator.gbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * GbcEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy implementation of the paper's equations (diagonal Gaussians, ordered pairs), run on the same fixed float32 cases (written next to it).
 */
class GbcEstimatorTest {
    private static final double TOLERANCE = 1e-12;
    private final GbcEstimator estimator = new GbcEstimator();
    private final GoldenChecks checks = new GoldenChecks(GbcEstimatorTest.class, "/golden", estimator, TOLERANCE);

    private double score(Case c, String options) {
        return checks.score(c, options);
    }

    private Case load(String name) {
        return checks.load(name);
    }

    @Test
    void matchesTheIndependentNumpyImplementation() {
        checks.matchExpected(6);
    }

    @Test
    void separatedClassesScoreAboveRandomFeatures() {
        checks.separatedAboveNoise();
    }

    @Test
    void rowOrderDoesNotChangeTheScore() {
        checks.rowOrderInvariant();
    }

    @Test
    void classIdsDoNotChangeTheScore() {
        checks.classIdInvariant();
    }

    @Test
    void refusesASingleClassAndRegression() {
        checks.refusesASingleClassAndRegression();
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
