package lmwb.common.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationsTest {
    // Expected values: numpy 2.4.6 np.corrcoef(a, b)[0, 1], scipy 1.17.1 spearmanr(a, b)[0] and kendalltau(a, b)[0].
    @Test
    void matchesNumpyAndScipy() {
        double[] a = {0.5, 1.5, 2.0, 3.25, 4.0, 6.0};
        double[] b = {1.0, 0.5, 2.5, 2.0, 5.0, 4.5};
        assertEquals(0.8420748397531586, Correlations.pearson(a, b), 1e-14);
        assertEquals(0.8285714285714287, Correlations.spearman(a, b), 1e-14);
        assertEquals(0.6, Correlations.kendall(a, b), 1e-14);
    }

    @Test
    void tiesAreHandledAsScipyDoes() {
        double[] a = {1, 2, 2, 3, 4};
        double[] b = {2, 1, 3, 3, 5};
        assertEquals(0.7982717345852616, Correlations.pearson(a, b), 1e-14);
        assertEquals(0.7631578947368421, Correlations.spearman(a, b), 1e-14);
        assertEquals(0.6666666666666666, Correlations.kendall(a, b), 1e-14);
    }

    @Test
    void undefinedInputIsNaN() {
        double[] constant = {3, 3, 3};
        double[] varying = {1, 2, 3};
        for (double[][] pair : new double[][][] {{constant, varying}, {varying, constant}, {{1}, {2}}, {{}, {}},
                {{1, Double.NaN, 3}, varying}}) {
            assertTrue(Double.isNaN(Correlations.pearson(pair[0], pair[1])));
            assertTrue(Double.isNaN(Correlations.spearman(pair[0], pair[1])));
            assertTrue(Double.isNaN(Correlations.kendall(pair[0], pair[1])));
        }
    }

    @Test
    void differentLengthsAreMisuse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.pearson(new double[] {1, 2}, new double[] {1, 2, 3}));
        assertEquals("cannot correlate 2 with 3 values", e.getMessage());
    }
}
