package lmwb.example.gbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.UnsupportedTaskException;
import org.junit.jupiter.api.Test;

class GbcEstimatorTest {
    private final GbcEstimator gbc = new GbcEstimator();

    /**
     * Two 1-D classes {0, 2} and {4, 6}: means 1 and 5, biased variances 1 and 1 (+eps 1e-6).
     * D_B = (5-1)^2 / (8 * 1.000001) + 0 = 1.99999800..., BC = exp(-D_B), GBC = -2 BC (ordered pairs).
     * Computed by hand from the definition in the class Javadoc.
     */
    @Test
    void matchesHandComputedValue() {
        FloatMatrix x = FloatMatrix.of(4, 1, new float[] {0, 2, 4, 6});
        double expected = -2 * Math.exp(-16.0 / (8 * 1.000001));
        assertEquals(expected, gbc.score(x, Labels.classes(new int[] {0, 0, 1, 1})).value(), 1e-12);
    }

    @Test
    void betterSeparatedClassesScoreHigher() {
        FloatMatrix near = FloatMatrix.of(4, 1, new float[] {0, 2, 1, 3});
        FloatMatrix far = FloatMatrix.of(4, 1, new float[] {0, 2, 10, 12});
        Labels y = Labels.classes(new int[] {0, 0, 1, 1});
        assertTrue(gbc.score(far, y).value() > gbc.score(near, y).value());
    }

    @Test
    void refusesRegressionAndSingletons() {
        FloatMatrix x = FloatMatrix.of(3, 1, new float[] {0, 1, 2});
        assertThrows(UnsupportedTaskException.class, () -> gbc.score(x, Labels.regression(new double[] {0, 1, 2})));
        assertThrows(IllegalArgumentException.class, () -> gbc.score(x, Labels.classes(new int[] {0, 0, 1})));
    }
}
