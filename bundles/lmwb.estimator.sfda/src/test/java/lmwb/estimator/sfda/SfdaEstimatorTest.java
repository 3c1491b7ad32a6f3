package lmwb.estimator.sfda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * SfdaEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy/scipy implementation of the authors' code semantics (generalised eigenvectors by scipy.linalg.eigh), run on the same fixed float32 cases (written next to it).
 */
class SfdaEstimatorTest {
    private static final double TOLERANCE = 1e-9;
    private final SfdaEstimator estimator = new SfdaEstimator();
    private final GoldenChecks checks = new GoldenChecks(SfdaEstimatorTest.class, "/golden", estimator, TOLERANCE);

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
    void isAProbabilityOfTheTrueClass() {
        for (String name : List.of("sep_n90_d6_c3", "binary_n80_d12", "noise_n90_d6_c3")) {
            double v = score(load(name), "");
            assertTrue(v > 0 && v <= 1, name + " " + v);
        }
    }
}
