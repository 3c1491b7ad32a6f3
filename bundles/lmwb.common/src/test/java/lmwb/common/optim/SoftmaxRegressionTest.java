package lmwb.common.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared softmax probe and its L-BFGS: gradient, optimality, determinism, and the stop reasons. */
class SoftmaxRegressionTest {
    private static double[] gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-2, 2);
        }
        return x;
    }

    private static int[] labels(double[] x, int n, int d, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (int) Math.floorMod((long) Math.floor(x[i * d] * 2 + x[i * d + 1]), classes);
        }
        return y;
    }

    /** The analytic gradient agrees with central differences of the objective (step 1e-6, so to about 1e-6). */
    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 37;
        int d = 5;
        double[] x = gaussian(n, d, 1);
        SoftmaxRegression m = new SoftmaxRegression(x, n, d, labels(x, n, d, 3), 3, 1.0 / n, 0.3);
        double[] w = gaussian(1, m.parameters(), 2);
        double[] g = new double[w.length];
        m.evaluate(w, g);
        double[] scratch = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            double numeric = (m.evaluate(plus, scratch) - m.evaluate(minus, scratch)) / 2e-6;
            assertEquals(numeric, g[k], 1e-6, "parameter " + k);
        }
    }

    /**
     * At the minimiser the gradient vanishes: Σ_i (p_i − onehot_i) x_i·scale + penalty·w = 0 per class, which is
     * checked here from the probabilities alone (an identity independent of the optimiser's own gradient).
     */
    @Test
    void fitReachesTheStationaryPoint() {
        int n = 300;
        int d = 8;
        double[] x = gaussian(n, d, 3);
        int[] y = labels(x, n, d, 4);
        double penalty = 0.5;
        SoftmaxRegression m = new SoftmaxRegression(x, n, d, y, 4, 1.0, penalty);
        Lbfgs.Result r = m.fit(null, Lbfgs.Settings.of(1000, 1e-9, 0), () -> { });
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop());
        double[] p = m.probabilities(x, n);
        double[] w = m.weights();
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j <= d; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += (p[i * 4 + c] - (y[i] == c ? 1 : 0)) * (j < d ? x[i * d + j] : 1);
                }
                double stationarity = s + (j < d ? penalty * w[c * (d + 1) + j] : 0);
                assertEquals(0, stationarity, 1e-8, "class " + c + " feature " + j);
            }
        }
    }

    /**
     * Enough rows for several blocks and the parallel path: the fixed blocks are summed in order, so two fits give
     * bit-identical weights however the pool schedules them, and a warm start at the answer stops at once.
     */
    @Test
    void parallelBlocksAreDeterministicAndAWarmStartAtTheAnswerStopsAtOnce() {
        int n = 3 * SoftmaxRegression.BLOCK + 17;
        int d = 400;
        double[] x = gaussian(n, d, 4);
        int[] y = labels(x, n, d, 3);
        Lbfgs.Settings settings = Lbfgs.Settings.of(200, 1e-6, 0);
        SoftmaxRegression a = new SoftmaxRegression(x, n, d, y, 3, 1.0, 1.0);
        SoftmaxRegression b = new SoftmaxRegression(x, n, d, y, 3, 1.0, 1.0);
        a.fit(null, settings, () -> { });
        b.fit(null, settings, () -> { });
        assertArrayEquals(a.weights(), b.weights());
        Lbfgs.Result again = b.fit(a.weights(), settings, () -> { });
        assertEquals(0, again.iterations());
        assertEquals(Lbfgs.Stop.GRADIENT, again.stop());
    }

    @Test
    void anIterationCapIsReportedAsSuch() {
        int n = 200;
        int d = 10;
        double[] x = gaussian(n, d, 5);
        SoftmaxRegression m = new SoftmaxRegression(x, n, d, labels(x, n, d, 2), 2, 1.0, 1e-3);
        Lbfgs.Result r = m.fit(null, Lbfgs.Settings.of(2, 1e-12, 0), () -> { });
        assertEquals(2, r.iterations());
        assertTrue(r.capped());
    }

    /** A convex quadratic with known minimiser (the solution of A x = b, worked out by hand below). */
    @Test
    void lbfgsMinimisesAQuadratic() {
        // f(x) = ½ xᵀA x − bᵀx with A = [[3,1],[1,2]], b = [1, 1]: x* = A⁻¹b = [1/5, 2/5]
        Lbfgs.Objective f = (v, g) -> {
            g[0] = 3 * v[0] + v[1] - 1;
            g[1] = v[0] + 2 * v[1] - 1;
            return 0.5 * (3 * v[0] * v[0] + 2 * v[0] * v[1] + 2 * v[1] * v[1]) - v[0] - v[1];
        };
        Lbfgs.Result r = Lbfgs.minimise(f, new double[2], Lbfgs.Settings.of(100, 1e-12, 0), () -> { });
        assertEquals(0.2, r.x()[0], 1e-11);
        assertEquals(0.4, r.x()[1], 1e-11);
    }
}
