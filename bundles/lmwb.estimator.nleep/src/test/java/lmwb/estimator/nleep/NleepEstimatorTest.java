package lmwb.estimator.nleep;

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
 * NleepEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py}:
 * scikit-learn's PCA and GaussianMixture (EM) from the same deterministic start, numpy's LEEP, on the fixed float32
 * cases written next to it (the same cases as the other estimator bundles').
 */
class NleepEstimatorTest {
    /** Two EM implementations agree to rounding over a handful of iterations; 1e-9 leaves room for that. */
    private static final double TOLERANCE = 1e-9;
    private final NleepEstimator estimator = new NleepEstimator();

    private double score(Case c, String options) {
        return estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse(options), CancellationToken.NONE).value();
    }

    private static Case load(String name) {
        return GoldenCases.load(NleepEstimatorTest.class, "/golden", name);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void matchesScikitLearnsPcaAndMixture() {
        List<Expected> rows = GoldenCases.expected(NleepEstimatorTest.class, "/golden");
        assertTrue(rows.size() >= 7);
        for (Expected e : rows) {
            assertClose(e.value(), score(load(e.caseName()), e.options()), e.caseName() + " " + e.options());
        }
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
    void refusesASingleClassRegressionTooFewRowsAndBadOptions() {
        FloatMatrix x = FloatMatrix.of(4, 1, new float[] {0, 1, 2, 3});
        Labels one = Labels.classes(new int[] {1, 1, 1, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.score(x, one));
        assertTrue(e.getMessage().startsWith("nleep: need at least 2 distinct classes"), e.getMessage());
        assertFalse(estimator.checkLabels(one, EstimatorOptions.NONE).isEmpty());
        Labels targets = Labels.regression(new double[] {0, 1, 2, 3});
        assertThrows(UnsupportedTaskException.class, () -> estimator.score(x, targets));
        assertFalse(estimator.supportsRegression());
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
