package lmwb.example.gbc;

import java.util.EnumSet;
import java.util.Set;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.estimator.UnsupportedTaskException;
import org.osgi.service.component.annotations.Component;

/**
 * Gaussian Bhattacharyya Coefficient (Pándy et al., "Transferability Estimation using Bhattacharyya Class
 * Separability", CVPR 2022), a third-party-style estimator built against {@code lmwb.api} only.
 *
 * <p>Definition used here: every class c is modelled as a Gaussian N(μ_c, Σ_c) with diagonal covariance
 * (the paper's "diagonal" variant), fitted by maximum likelihood (biased variance) plus a variance floor
 * {@code eps} (option, default 1e-6). For classes i ≠ j, with Σ = (Σ_i + Σ_j) / 2,
 * <pre>
 *   D_B(i, j) = 1/8 (μ_i − μ_j)ᵀ Σ⁻¹ (μ_i − μ_j) + 1/2 ln( det Σ / sqrt(det Σ_i · det Σ_j) )
 *   BC(i, j)  = exp(−D_B(i, j))
 *   GBC       = − Σ_i Σ_{j ≠ i} BC(i, j)          (ordered pairs, as in the paper's equation)
 * </pre>
 * GBC is at most 0; values closer to 0 mean better separated classes. The paper first reduces the
 * embeddings with PCA; this estimator scores the embeddings as given.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + GbcEstimator.NAME)
public class GbcEstimator implements Estimator {
    /**
     * The tutorial's name. The same estimator ships in the default runtime as {@code gbc} (bundle
     * {@code lmwb.estimator.gbc}); the tutorial registers under its own name so that both can be present.
     */
    public static final String NAME = "example-gbc";
    private static final Set<String> OPTIONS = Set.of("eps");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Gaussian Bhattacharyya Coefficient (Pandy et al. 2022), diagonal Gaussians; the plug-in tutorial (the runtime ships the same as gbc)";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION, TaskType.TOKEN_CLASSIFICATION);
    }

    @Override
    public Score score(FloatMatrix x, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(name(), OPTIONS);
        double eps = options.getDouble("eps", 1e-6);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("option eps must be > 0, got " + eps);
        }
        if (labels.isRegression()) {
            throw new UnsupportedTaskException(NAME + " scores classification only; use logme or knn for regression");
        }
        int n = x.rows();
        int d = x.cols();
        if (labels.size() != n) {
            throw new IllegalArgumentException("embeddings have " + n + " rows but there are " + labels.size() + " labels");
        }
        long bad = x.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException("embeddings contain NaN or infinity at row " + bad / d + ", column " + bad % d);
        }
        int[] y = labels.classIds();
        int c = labels.classCount();
        int[] count = new int[c];
        for (int v : y) {
            count[v]++;
        }
        int present = 0;
        for (int k = 0; k < c; k++) {
            if (count[k] == 1) {
                throw new IllegalArgumentException("class " + k + " has a single example; " + NAME + " needs at least two per class");
            }
            if (count[k] > 0) {
                present++;
            }
        }
        if (present < 2) {
            throw new IllegalArgumentException(NAME + " needs at least 2 classes, found " + present);
        }
        double[][] mean = new double[c][d];
        double[][] var = new double[c][d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            x.copyRow(i, row);
            double[] m = mean[y[i]];
            for (int j = 0; j < d; j++) {
                m[j] += row[j];
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d && count[k] > 0; j++) {
                mean[k][j] /= count[k];
            }
        }
        for (int i = 0; i < n; i++) {
            x.copyRow(i, row);
            double[] m = mean[y[i]];
            double[] v = var[y[i]];
            for (int j = 0; j < d; j++) {
                double t = row[j] - m[j];
                v[j] += t * t;
            }
        }
        double[] logDet = new double[c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d && count[k] > 0; j++) {
                var[k][j] = var[k][j] / count[k] + eps;
                logDet[k] += Math.log(var[k][j]);
            }
        }
        double sum = 0;
        for (int a = 0; a < c; a++) {
            cancel.throwIfCancelled();
            for (int b = a + 1; b < c; b++) {
                if (count[a] == 0 || count[b] == 0) {
                    continue;
                }
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
        return new Score(name(), -sum, java.util.Map.of("classes", (double) present, "eps", eps));
    }
}
