package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.estimators.probe.LinearProbeEstimator;
import org.junit.jupiter.api.Test;

/** The linear probe recovers linear structure, stays at chance on noise, and is reproducible by seed. */
class LinearProbeTest {
    private final LinearProbeEstimator probe = new LinearProbeEstimator();

    /**
     * Iris is almost linearly separable: logistic regression reaches 0.95–0.97 cross-validated accuracy in
     * the literature (e.g. scikit-learn's LogisticRegression, 5-fold).
     */
    @Test
    void irisIsNearlyLinearlySeparable() {
        TestData.Iris iris = TestData.iris();
        Score s = probe.score(iris.x(), iris.y());
        assertTrue(s.value() >= 0.93 && s.value() <= 1.0, s.toString());
        Score f1 = probe.score(iris.x(), iris.y(), EstimatorOptions.parse("metric=macro-f1"), lmwb.api.CancellationToken.NONE);
        assertTrue(f1.value() >= 0.93, f1.toString());
    }

    @Test
    void randomLabelsStayNearChance() {
        Object[] data = TestData.gaussian(7, 300, 20, 3, 0.0);
        Score s = probe.score((FloatMatrix) data[0], (Labels) data[1]);
        assertTrue(s.value() < 0.5, s.toString());
    }

    @Test
    void sameSeedSameScoreOtherSeedOtherFolds() {
        Object[] data = TestData.gaussian(3, 200, 10, 4, 0.4);
        FloatMatrix x = (FloatMatrix) data[0];
        Labels y = (Labels) data[1];
        double a = probe.score(x, y, EstimatorOptions.parse("seed=5"), lmwb.api.CancellationToken.NONE).value();
        double b = probe.score(x, y, EstimatorOptions.parse("seed=5"), lmwb.api.CancellationToken.NONE).value();
        assertEquals(a, b, 0.0);
        Score three = probe.score(x, y, EstimatorOptions.parse("folds=3"), lmwb.api.CancellationToken.NONE);
        assertEquals(3.0, three.details().get("folds"));
    }

    /**
     * One L-BFGS iteration cannot reach the tolerance on iris (the default fit takes tens): every fold is reported
     * as capped, so the ranker can say so; with the defaults no fold is. Before, the probe said nothing either way.
     */
    @Test
    void foldsStoppedByTheIterationCapAreCounted() {
        TestData.Iris iris = TestData.iris();
        Score capped = probe.score(iris.x(), iris.y(), EstimatorOptions.parse("max-iter=1"), lmwb.api.CancellationToken.NONE);
        assertEquals(5.0, capped.details().get(Score.ITERATION_CAPPED), capped.toString());
        Score converged = probe.score(iris.x(), iris.y());
        assertEquals(0.0, converged.details().get(Score.ITERATION_CAPPED), converged.toString());
    }

    @Test
    void ridgeRecoversLinearTarget() {
        Random rnd = new Random(11);
        int n = 200;
        int d = 8;
        float[] x = new float[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) rnd.nextGaussian();
                y[i] += (j + 1) * x[i * d + j];
            }
            y[i] += 0.1 * rnd.nextGaussian();
        }
        Score s = probe.score(FloatMatrix.wrap(n, d, x), Labels.regression(y));
        assertTrue(s.value() > 0.99, s.toString());
    }
}
