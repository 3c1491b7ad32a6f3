package lmwb.estimator.transrate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * TransRateEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy implementation of the authors' coding rates (slogdet of the DxD matrix), run on the same fixed float32 cases (written next to it).
 */
class TransRateEstimatorTest {
    private static final double TOLERANCE = 1e-9;
    private final TransRateEstimator estimator = new TransRateEstimator();
    private final GoldenChecks checks = new GoldenChecks(TransRateEstimatorTest.class, "/golden", estimator, TOLERANCE);

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
}
