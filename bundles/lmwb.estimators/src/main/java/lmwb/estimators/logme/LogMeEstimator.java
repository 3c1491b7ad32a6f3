package lmwb.estimators.logme;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.estimators.common.EstimatorInput;
import lmwb.estimators.linalg.LinearAlgebra;
import lmwb.estimators.linalg.LinearAlgebraBackends;
import lmwb.estimators.linalg.SymmetricEigen;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * LogME (You et al. 2021), the fixed-point version as TransformerRanker 0.2 computes it: raw (uncentred)
 * features, one-vs-rest indicator targets over the sorted classes (or the raw regression target), α = β = 1
 * set once and carried from one target to the next (option {@code reset=true}: reset per target, as the
 * authors' original code), at most 11 iterations with relative tolerance 1e-3, mean evidence per sample
 * over the targets, and the reference's float32 rounding of the {@code N/2·ln 2π} term (option
 * {@code float32-quirks=false} drops it).
 *
 * <p>Instead of a thin SVD of the N×D matrix the spectrum comes from the eigendecomposition of the smaller
 * Gram matrix: {@code fᵀf} (D×D, {@code Uᵀt = diag(s)⁻¹ Vᵀ fᵀ t}) when N &gt; D, {@code ffᵀ} (N×N, U
 * directly) otherwise. Directions whose eigenvalue is at the rounding level of the largest are null
 * directions; the evidence does not depend on their {@code Uᵀt}, so they enter with σ = 0 and x = 0.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + LogMeEstimator.NAME)
public final class LogMeEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "logme";
    private static final Set<String> OPTIONS = Set.of("reset", "float32-quirks", "backend");
    private static final int MAX_ITER = 11;
    private static final double TOL = 1e-3;
    /** Rows between two cancellation checks in the O(N·D) passes (well under a millisecond each). */
    private static final int CHECK_ROWS = 256;
    /** {@code torch.log(torch.tensor(2π))} in float32: ln 2π correctly rounded to float32. */
    private static final float LOG_2PI_F32 = 1.8378770351409912f;

    /** Starts loading the native linear algebra so that the first call does not wait for it. */
    @Activate
    void activate() {
        LinearAlgebraBackends.preloadInBackground();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LogME evidence (You et al. 2021, fixed point), classification and regression";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.allOf(TaskType.class);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return EstimatorInput.checkLabels(NAME, labels, options, OPTIONS, 1, "");
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        EstimatorInput in = EstimatorInput.of(NAME, embeddings, labels);
        boolean reset = options.getBoolean("reset", false);
        boolean quirks = options.getBoolean("float32-quirks", true);
        LinearAlgebra la = LinearAlgebraBackends.select(options.getString("backend", "auto"));
        int n = in.rows();
        int d = in.cols();
        float[] x = in.values();

        // targets: T is N×m (column t = target t); fᵀT or UᵀT computed from class sums without forming T
        int m = in.isRegression() ? 1 : in.classCount();
        double[] targetNormSq = new double[m];
        double[] y = in.isRegression() ? in.labels().values() : null;
        int[] cls = in.isRegression() ? null : in.classIndex();
        if (y != null) {
            for (double v : y) {
                targetNormSq[0] += v * v;
            }
        } else {
            for (int c = 0; c < m; c++) {
                targetNormSq[c] = in.classCounts()[c];
            }
        }

        double[] sigma;
        double[] proj; // K×m: (Uᵀt)_i for each target
        int kdim;
        boolean gramOfColumns = n > d;
        cancel.throwIfCancelled();
        if (gramOfColumns) {
            kdim = d;
            double[] ft = new double[d * m]; // fᵀT, D×m
            for (int i = 0; i < n; i++) {
                if (i % CHECK_ROWS == 0) {
                    cancel.throwIfCancelled();
                }
                for (int j = 0; j < d; j++) {
                    double v = x[i * d + j];
                    if (y != null) {
                        ft[j] += v * y[i];
                    } else {
                        ft[j * m + cls[i]] += v;
                    }
                }
            }
            double[] gram = la.gramOfColumns(n, d, (i, row) -> {
                if (i % CHECK_ROWS == 0) {
                    cancel.throwIfCancelled();
                }
                for (int j = 0; j < d; j++) {
                    row[j] = x[i * d + j];
                }
            });
            cancel.throwIfCancelled();
            SymmetricEigen eig = la.symmetricEigen(gram, d);
            cancel.throwIfCancelled();
            sigma = eig.values();
            double[] v = eig.vectors();
            double nullLevel = nullLevel(sigma, n, d);
            proj = new double[d * m];
            for (int e = 0; e < d; e++) {
                if (sigma[e] <= nullLevel) {
                    sigma[e] = 0;
                    continue;
                }
                double s = Math.sqrt(sigma[e]);
                for (int t = 0; t < m; t++) {
                    double p = 0;
                    for (int j = 0; j < d; j++) {
                        p += v[e * d + j] * ft[j * m + t];
                    }
                    proj[e * m + t] = p / s;
                }
            }
        } else {
            kdim = n;
            double[] gram = la.gramOfRows(in.valuesAsDouble(), n, d);
            cancel.throwIfCancelled();
            SymmetricEigen eig = la.symmetricEigen(gram, n);
            cancel.throwIfCancelled();
            sigma = eig.values();
            double[] u = eig.vectors();
            double nullLevel = nullLevel(sigma, n, d);
            proj = new double[n * m];
            for (int e = 0; e < n; e++) {
                if (sigma[e] <= nullLevel) {
                    sigma[e] = 0;
                }
                for (int i = 0; i < n; i++) {
                    double ui = u[e * n + i];
                    if (y != null) {
                        proj[e * m] += ui * y[i];
                    } else {
                        proj[e * m + cls[i]] += ui;
                    }
                }
            }
        }

        double alpha = 1.0;
        double beta = 1.0;
        double log2piTerm = quirks ? (float) ((float) (n / 2.0) * LOG_2PI_F32) : n / 2.0 * Math.log(2 * Math.PI);
        double evidenceSum = 0;
        int iterationsTotal = 0;
        double[] x2 = new double[kdim];
        for (int t = 0; t < m; t++) {
            cancel.throwIfCancelled();
            if (reset) {
                alpha = 1.0;
                beta = 1.0;
            }
            double sumX2 = 0;
            for (int e = 0; e < kdim; e++) {
                double p = proj[e * m + t];
                x2[e] = p * p;
                sumX2 += x2[e];
            }
            double resX2 = targetNormSq[t] - sumX2;
            double m2 = 0;
            double res2 = 0;
            for (int it = 0; it < MAX_ITER; it++) {
                iterationsTotal++;
                double tau = alpha / beta;
                double gamma = 0;
                m2 = 0;
                res2 = 0;
                for (int e = 0; e < kdim; e++) {
                    double s = sigma[e];
                    gamma += s / (s + tau);
                    double ts = tau + s;
                    m2 += s * x2[e] / (ts * ts);
                    double q = 1.0 + s / tau;
                    res2 += x2[e] / (q * q);
                }
                res2 += resX2;
                alpha = gamma / (m2 + 1e-5);
                beta = (n - gamma) / (res2 + 1e-5);
                if (Math.abs(alpha / beta - tau) / tau <= TOL) {
                    break;
                }
            }
            double logSum = 0;
            for (int e = 0; e < kdim; e++) {
                logSum += Math.log(alpha + beta * sigma[e]);
            }
            double evidence = d / 2.0 * Math.log(alpha) + n / 2.0 * Math.log(beta) - 0.5 * logSum
                    - beta / 2.0 * res2 - alpha / 2.0 * m2 - log2piTerm;
            evidenceSum += evidence / n;
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("alpha", alpha);
        details.put("beta", beta);
        details.put("targets", (double) m);
        details.put("iterations", (double) iterationsTotal);
        details.put("gram_of_columns", gramOfColumns ? 1.0 : 0.0);
        details.put("backend.native", la.isNative() ? 1.0 : 0.0);
        return new Score(NAME, evidenceSum / m, details);
    }

    /** Eigenvalues at or below this are rounding noise of the Gram matrix (and the SVD's would be ~0). */
    private static double nullLevel(double[] sigma, int n, int d) {
        double max = 0;
        for (double s : sigma) {
            max = Math.max(max, Math.abs(s));
        }
        return max * Math.max(n, d) * 2.220446049250313e-16;
    }
}
