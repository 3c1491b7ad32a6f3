package lmwb.estimator.pactran;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lmwb.api.CancellationToken;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * PacTranEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy/scipy implementation of the authors' calculate_pac_gauss (scipy L-BFGS-B to a tight tolerance), negated, run on the same fixed float32 cases (written next to it).
 */
class PacTranEstimatorTest {
    private static final double TOLERANCE = 1e-7;
    private final PacTranEstimator estimator = new PacTranEstimator();
    private final GoldenChecks checks = new GoldenChecks(PacTranEstimatorTest.class, "/golden", estimator, TOLERANCE);

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
    void convergesAndSaysSo() {
        Case c = load("sep_n90_d6_c3");
        var s = estimator.score(c.embeddings(), c.labels());
        assertEquals(1.0, s.details().get("converged"));
        var capped = estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse("max-iterations=2"), CancellationToken.NONE);
        assertEquals(0.0, capped.details().get("converged"));
        assertEquals(2.0, capped.details().get("iterations"));
    }
}
