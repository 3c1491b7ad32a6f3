package lmwb.estimator.nleep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * NleepEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py}:
 * scikit-learn's PCA and GaussianMixture (EM) from the same deterministic start, numpy's LEEP, on the fixed float32
 * cases written next to it (the same cases as the other estimator bundles').
 */
class NleepEstimatorTest {
    /** Two EM implementations agree to rounding over a handful of iterations; 1e-9 leaves room for that. */
    private static final double TOLERANCE = 1e-9;
    private final NleepEstimator estimator = new NleepEstimator();
    private final GoldenChecks checks = new GoldenChecks(NleepEstimatorTest.class, "/golden", estimator, TOLERANCE);

    private double score(Case c, String options) {
        return checks.score(c, options);
    }

    private Case load(String name) {
        return checks.load(name);
    }

    @Test
    void matchesScikitLearnsPcaAndMixture() {
        checks.matchExpected(7);
    }

    @Test
    void separatedClassesScoreAboveRandomFeaturesAndALogLikelihoodIsAtMostZero() {
        double separated = score(load("sep_n90_d6_c3"), "");
        double noise = score(load("noise_n90_d6_c3"), "");
        assertTrue(separated > noise, separated + " vs " + noise);
        assertTrue(separated <= 0 && noise <= 0);
        double probability = score(load("sep_n90_d6_c3"), "log=false");
        assertTrue(probability > 0 && probability <= 1, "without the ln: a mean probability, " + probability);
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
    void refusesASingleClassRegressionTooFewRowsAndBadOptions() {
        checks.refusesASingleClassAndRegression();
        Labels two = Labels.classes(new int[] {0, 1, 0, 1});
        assertEquals("nleep: 4 rows cannot fit a mixture of 10 components (components-per-class x classes); add rows or lower"
                + " the option components-per-class", estimator.checkLabels(two, EstimatorOptions.NONE).orElseThrow());
        Case c = load("sep_n90_d6_c3");
        assertEquals("option energy=1.5 must be a share of the variance in (0, 1)", assertThrows(IllegalArgumentException.class,
                () -> score(c, "energy=1.5")).getMessage());
        assertEquals("option log=maybe must be true or false", assertThrows(IllegalArgumentException.class,
                () -> score(c, "log=maybe")).getMessage());
    }
}
