package lmwb.estimator.gbc;

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
import lmwb.estimator.support.ClassData;
import org.osgi.service.component.annotations.Component;

/**
 * Gaussian Bhattacharyya Coefficient (Pándy et al., "Transferability Estimation using Bhattacharyya Class
 * Separability", CVPR 2022), the estimator of the {@code lmwb.example.gbc} tutorial promoted into the default
 * runtime, on class indices (so class ids may be sparse or permuted).
 *
 * <p>Every class c is a Gaussian N(μ_c, diag σ²_c) fitted by maximum likelihood (biased variance) plus a variance
 * floor {@code eps} (option, default {@value #DEFAULT_EPS}, keeps a constant column from dividing by zero). For
 * classes i ≠ j, with σ² = (σ²_i + σ²_j) / 2,
 * <pre>
 *   D_B(i, j) = 1/8 Σ_k (μ_ik − μ_jk)² / σ²_k + 1/2 Σ_k ln( σ²_k / sqrt(σ²_ik σ²_jk) )
 *   GBC       = − Σ_i Σ_{j ≠ i} exp(−D_B(i, j))       (ordered pairs, the paper's equation)
 * </pre>
 * so GBC lies in (−C(C−1), 0]; closer to 0 means better separated classes. The paper's diagonal variant is the
 * one it recommends; its PCA reduction before the Gaussians is not applied (lmwb scores the embeddings as given,
 * like its other estimators). Classification only; every class needs 2 rows (a variance).
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + GbcEstimator.NAME)
public final class GbcEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "gbc";
    /** Default variance floor added to every per-class variance. */
    public static final double DEFAULT_EPS = 1e-6;
    private static final Set<String> OPTIONS = Set.of("eps");
    private static final String WHY = "a class variance needs two rows";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Gaussian Bhattacharyya Coefficient (Pandy et al. 2022), diagonal Gaussians, classification only";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION, TaskType.TOKEN_CLASSIFICATION);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return ClassData.checkLabels(NAME, labels, options, OPTIONS, 2, WHY);
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        double eps = options.getDouble("eps", DEFAULT_EPS);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("option eps=" + eps + " must be a positive number (the variance floor)");
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 2, WHY);
        int n = in.rows();
        int d = in.cols();
        int c = in.classCount();
        double[] x = in.values();
        int[] y = in.classIndex();
        int[] count = in.classCounts();
        double[][] mean = new double[c][d];
        double[][] var = new double[c][d];
        for (int i = 0; i < n; i++) {
            double[] m = mean[y[i]];
            for (int j = 0; j < d; j++) {
                m[j] += x[i * d + j];
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                mean[k][j] /= count[k];
            }
        }
        for (int i = 0; i < n; i++) {
            double[] m = mean[y[i]];
            double[] v = var[y[i]];
            for (int j = 0; j < d; j++) {
                double t = x[i * d + j] - m[j];
                v[j] += t * t;
            }
        }
        double[] logDet = new double[c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                var[k][j] = var[k][j] / count[k] + eps;
                logDet[k] += Math.log(var[k][j]);
            }
        }
        double sum = 0;
        for (int a = 0; a < c; a++) {
            cancel.throwIfCancelled();
            for (int b = a + 1; b < c; b++) {
                double maha = 0;
                double logDetMix = 0;
                for (int j = 0; j < d; j++) {
                    double s = 0.5 * (var[a][j] + var[b][j]);
                    double diff = mean[a][j] - mean[b][j];
                    maha += diff * diff / s;
                    logDetMix += Math.log(s);
                }
                double distance = maha / 8 + 0.5 * (logDetMix - 0.5 * (logDet[a] + logDet[b]));
                sum += 2 * Math.exp(-distance);
            }
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("classes", (double) c);
        details.put("eps", eps);
        return new Score(NAME, -sum, details);
    }
}
