package lmwb.estimators.hscore;

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
 * Shrinkage ("regularized") H-score of Ibrahim et al. 2022 as TransformerRanker computes it: Ledoit–Wolf
 * shrinkage of the biased feature covariance, pseudo-inverse with cutoff {@code 1e-15·σmax}, class-mean
 * covariance over {@code N−1}, including the reference's float32 roundings of the shrunk diagonal and of
 * {@code sqrt(n_c)} (option {@code float32-quirks=false} drops them). Classification only.
 *
 * <p>Computation: {@code trace(P·(1−α)Σg) = (1−α)/(N−1) · Σ_c g_cᵀ Σfα⁻¹ g_c}. When the shrunk covariance is
 * well conditioned (condition number provably below 1e7, so its pseudo-inverse is its inverse) this is a
 * Cholesky solve; otherwise an eigendecomposition with the same cutoff as {@code numpy.linalg.pinv}.
 * {@code β̃ = Σ_i (Σ_j f_ij²)² / N} is computed in O(ND).
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + HScoreEstimator.NAME)
public final class HScoreEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "hscore";
    private static final Set<String> OPTIONS = Set.of("float32-quirks", "backend");
    private static final double MAX_CHOLESKY_CONDITION = 1e7;
    /** Rows between two cancellation checks in the O(N·D) passes (well under a millisecond each). */
    private static final int CHECK_ROWS = 256;

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
        return "shrinkage H-score (Ibrahim et al. 2022), classification only";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION, TaskType.TOKEN_CLASSIFICATION);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return EstimatorInput.checkLabels(NAME, labels, options, OPTIONS, 1, "");
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        EstimatorInput in = EstimatorInput.of(NAME, embeddings, labels)
                .requireClassification("logme or knn (H-score is defined for class labels only)");
        boolean quirks = options.getBoolean("float32-quirks", true);
        LinearAlgebra la = LinearAlgebraBackends.select(options.getString("backend", "auto"));
        int n = in.rows();
        int d = in.cols();
        float[] x = in.values();
        int classes = in.classCount();
        int[] counts = in.classCounts();
        int[] index = in.classIndex();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            if (i % CHECK_ROWS == 0) {
                cancel.throwIfCancelled();
            }
            int row = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += x[row + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // one pass, while the centred rows go to the Gram product: column sums of squares, squared row
        // norms for β̃, class sums (C×D)
        double[] s = new double[d];
        double[] classSum = new double[classes * d];
        double[] betaAcc = new double[1];
        cancel.throwIfCancelled();
        double[] cov = la.gramOfColumns(n, d, (i, row) -> {
            if (i % CHECK_ROWS == 0) {
                cancel.throwIfCancelled();
            }
            int base = i * d;
            int cs = index[i] * d;
            double rowSq = 0;
            for (int j = 0; j < d; j++) {
                double v = x[base + j] - mean[j];
                row[j] = v;
                double v2 = v * v;
                s[j] += v2;
                rowSq += v2;
                classSum[cs + j] += v;
            }
            betaAcc[0] += rowSq * rowSq;
        });
        double betaTilde = betaAcc[0] / n;
        double sumS = 0;
        for (int j = 0; j < d; j++) {
            s[j] /= n;
            sumS += s[j];
        }
        double mu = sumS / d;
        if (!(mu > 0)) {
            throw new IllegalArgumentException(NAME + ": every embedding column is constant (zero variance); the H-score is undefined");
        }
        double deltaTilde = 0;
        for (int q = 0; q < cov.length; q++) {
            cov[q] /= n;
            deltaTilde += cov[q] * cov[q];
        }
        double beta = (betaTilde - deltaTilde) / ((double) d * n);
        double delta = (deltaTilde - 2.0 * mu * sumS + d * mu * mu) / d;
        double alpha = Math.max(0.0, Math.min(1.0, beta / delta));
        double diag = quirks ? (float) (alpha * mu) : alpha * mu;

        // scaled class means g_c, stored D×C (row-major) as right-hand sides
        double[] g = new double[d * classes];
        for (int c = 0; c < classes; c++) {
            double w = quirks ? (float) Math.sqrt(counts[c]) : Math.sqrt(counts[c]);
            for (int j = 0; j < d; j++) {
                g[j * classes + c] = classSum[c * d + j] / counts[c] * w;
            }
        }
        cancel.throwIfCancelled();

        double trace = 0;
        for (int q = 0; q < cov.length; q++) {
            cov[q] *= 1.0 - alpha;
        }
        for (int j = 0; j < d; j++) {
            cov[j * d + j] += diag;
            trace += cov[j * d + j];
        }
        cancel.throwIfCancelled();
        double quadratic = 0;
        boolean cholesky = false;
        if (diag > 0 && trace <= MAX_CHOLESKY_CONDITION * diag) {
            double[] factor = cov.clone();
            cholesky = la.choleskyLower(factor, d);
            if (cholesky) {
                la.solveLowerInPlace(factor, d, g, classes);
                for (double v : g) {
                    quadratic += v * v;
                }
            }
        }
        if (!cholesky) {
            cancel.throwIfCancelled();
            SymmetricEigen eig = la.symmetricEigen(cov, d);
            cancel.throwIfCancelled();
            double[] lambda = eig.values();
            double[] v = eig.vectors();
            double maxAbs = 0;
            for (double l : lambda) {
                maxAbs = Math.max(maxAbs, Math.abs(l));
            }
            double cutoff = 1e-15 * maxAbs;
            quadratic = 0;
            for (int e = 0; e < d; e++) {
                if (Math.abs(lambda[e]) <= cutoff) {
                    continue;
                }
                for (int c = 0; c < classes; c++) {
                    double p = 0;
                    for (int j = 0; j < d; j++) {
                        p += v[e * d + j] * g[j * classes + c];
                    }
                    quadratic += p * p / lambda[e];
                }
            }
        }
        double h = (1.0 - alpha) * quadratic / (n - 1);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("shrinkage", alpha);
        details.put("mean_variance", mu);
        details.put("classes", (double) classes);
        details.put("cholesky", cholesky ? 1.0 : 0.0);
        details.put("backend.native", la.isNative() ? 1.0 : 0.0);
        return new Score(NAME, h, details);
    }
}
