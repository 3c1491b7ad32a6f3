package lmwb.estimator.transrate;

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
 * TransRateEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py},
 * a numpy implementation of the authors' coding rates (slogdet of the DxD matrix), run on the same fixed float32 cases (written next to it).
 */
class TransRateEstimatorTest {
    private static final double TOLERANCE = 1e-9;
    private final TransRateEstimator estimator = new TransRateEstimator();

    private double score(Case c, String options) {
        return estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse(options), CancellationToken.NONE).value();
    }

    private static Case load(String name) {
        return GoldenCases.load(TransRateEstimatorTest.class, "/golden", name);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void matchesTheIndependentNumpyImplementation() {
        List<Expected> rows = GoldenCases.expected(TransRateEstimatorTest.class, "/golden");
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
        assertTrue(e.getMessage().startsWith("transrate: need at least 2 distinct classes"), e.getMessage());
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
}
