package lmwb.estimator.sfda;

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
import lmwb.estimator.support.Dense;
import org.osgi.service.component.annotations.Component;

/**
 * SFDA, Self-challenging Fisher Discriminant Analysis (Shao et al., "Not All Models Are Equal: Predicting Model
 * Transferability in a Self-challenging Fisher Space", ECCV 2022), as the authors' code computes it.
 *
 * <p>One fit on rows X with class indices y (priors π_c = n_c/N, class means μ_c):
 * <pre>
 *   S_w  = Σ_c π_c · cov_c                       (cov_c: biased covariance of class c)
 *   s    = max(exp(−5 λ), 1e−10)                 (λ: largest eigenvalue of S_w by 3 rounds of the authors'
 *                                                 power iteration; option shrinkage fixes s instead)
 *   S    = (1 − s) S_w + s · tr(S_w)/D · I
 *   p(c|x) = softmax_c( xᵀ S⁻¹ μ_c − ½ μ_cᵀ S⁻¹ μ_c + ln π_c )
 * </pre>
 * The authors project onto all D generalised eigenvectors V of (S_b, S) and use {@code μ V Vᵀ}; since
 * {@code Vᵀ S V = I}, {@code V Vᵀ = S⁻¹}, which is what is solved here (Cholesky), without the eigenproblem.
 * The score (ConfMix, the "self-challenging" step): soften the first fit's probabilities once more
 * ({@code q = softmax(p)}), move every row towards the mean of the other classes' means,
 * {@code x ← q_y x + (1 − q_y) · mean_{c≠y} μ_c}, fit again with the same s on the moved rows, and return the
 * mean probability of the true class under that second fit. Higher is better, in (0, 1]. Classification only.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + SfdaEstimator.NAME)
public final class SfdaEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "sfda";
    /** Power-iteration rounds for the largest eigenvalue of S_w (the authors' {@code iterative_A} default). */
    public static final int POWER_ITERATIONS = 3;
    /** The smallest adaptive shrinkage (the authors' floor). */
    public static final double MIN_SHRINKAGE = 1e-10;
    private static final Set<String> OPTIONS = Set.of("shrinkage");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "SFDA (Shao et al. 2022): self-challenging Fisher discriminant, mean true-class probability, classification only";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION, TaskType.TOKEN_CLASSIFICATION);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return ClassData.checkLabels(NAME, labels, options, OPTIONS, 1, "");
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        Double fixed = null;
        if (options.asMap().containsKey("shrinkage")) {
            fixed = options.getDouble("shrinkage", 0);
            if (!(fixed > 0 && fixed <= 1)) {
                throw new IllegalArgumentException("option shrinkage=" + fixed + " must be in (0, 1]; leave it out for the"
                        + " adaptive value");
            }
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 1, "");
        int n = in.rows();
        int d = in.cols();
        int c = in.classCount();
        int[] y = in.classIndex();
        double[] x = in.values();
        cancel.throwIfCancelled();
        Fit first = fit(x, in, fixed);
        double[] q = first.probabilities(x, n);
        Dense.softmaxRows(q, n, c);
        double[] outer = new double[c * d];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int o = 0; o < c; o++) {
                    if (o != k) {
                        sum += first.means[o * d + j];
                    }
                }
                outer[k * d + j] = sum / (c - 1);
            }
        }
        for (int i = 0; i < n; i++) {
            double p = q[i * c + y[i]];
            for (int j = 0; j < d; j++) {
                x[i * d + j] = p * x[i * d + j] + (1 - p) * outer[y[i] * d + j];
            }
        }
        cancel.throwIfCancelled();
        Fit second = fit(x, in, first.shrinkage);
        double[] p = second.probabilities(x, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += p[i * c + y[i]];
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("shrinkage", first.shrinkage);
        details.put("classes", (double) c);
        return new Score(NAME, sum / n, details);
    }

    /** The shrunk linear discriminant of one fit: class means, coefficients S⁻¹μ_c and intercepts. */
    private static final class Fit {
        final int d;
        final int c;
        final double[] means;
        final double[] coef;
        final double[] intercept;
        final double shrinkage;

        Fit(int d, int c, double[] means, double[] coef, double[] intercept, double shrinkage) {
            this.d = d;
            this.c = c;
            this.means = means;
            this.coef = coef;
            this.intercept = intercept;
            this.shrinkage = shrinkage;
        }

        /** @return row-major n×c class probabilities of the rows of x */
        double[] probabilities(double[] x, int n) {
            double[] z = new double[n * c];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    double s = intercept[k];
                    for (int j = 0; j < d; j++) {
                        s += x[i * d + j] * coef[j * c + k];
                    }
                    z[i * c + k] = s;
                }
            }
            Dense.softmaxRows(z, n, c);
            return z;
        }
    }

    private static Fit fit(double[] x, ClassData in, Double fixedShrinkage) {
        int n = in.rows();
        int d = in.cols();
        int c = in.classCount();
        int[] y = in.classIndex();
        int[] count = in.classCounts();
        double[] means = new double[c * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                means[y[i] * d + j] += x[i * d + j];
            }
        }
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                means[k * d + j] /= count[k];
            }
        }
        // Σ_c π_c cov_c = (1/N) Σ_i (x_i − μ_{y_i})(x_i − μ_{y_i})ᵀ
        double[] centred = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i * d + j] = x[i * d + j] - means[y[i] * d + j];
            }
        }
        double[] sw = Dense.gramOfColumns(centred, n, d);
        double trace = 0;
        for (int q = 0; q < sw.length; q++) {
            sw[q] /= n;
        }
        for (int j = 0; j < d; j++) {
            trace += sw[j * d + j];
        }
        if (!(trace > 0)) {
            throw new IllegalArgumentException(NAME + ": every class is a single point (no within-class variance); the"
                    + " Fisher discriminant is undefined");
        }
        double s = fixedShrinkage != null ? fixedShrinkage
                : Math.max(Math.exp(-5 * largestEigenvalue(sw, d)), MIN_SHRINKAGE);
        double mu = trace / d;
        double[] shrunk = new double[d * d];
        for (int q = 0; q < shrunk.length; q++) {
            shrunk[q] = (1 - s) * sw[q];
        }
        for (int j = 0; j < d; j++) {
            shrunk[j * d + j] += s * mu;
        }
        if (!Dense.cholesky(shrunk, d)) {
            throw new IllegalArgumentException(NAME + ": the shrunk within-class covariance is singular (shrinkage " + s
                    + "); pass a larger option shrinkage, e.g. shrinkage=0.1");
        }
        double[] coef = new double[d * c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                coef[j * c + k] = means[k * d + j];
            }
        }
        Dense.solveCholesky(shrunk, d, coef, c);
        double[] intercept = new double[c];
        for (int k = 0; k < c; k++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
                dot += means[k * d + j] * coef[j * c + k];
            }
            intercept[k] = -0.5 * dot + Math.log((double) count[k] / n);
        }
        return new Fit(d, c, means, coef, intercept, s);
    }

    /**
     * The authors' {@code iterative_A}: start from the row sums, {@value #POWER_ITERATIONS} double steps of power
     * iteration, then the Rayleigh-like quotient xᵀ A y of the last two unit vectors.
     */
    static double largestEigenvalue(double[] a, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                x[i] += a[i * d + j];
            }
        }
        double[] yv = new double[d];
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            yv = unit(multiply(a, x, d));
            x = unit(multiply(a, yv, d));
        }
        double[] ay = multiply(a, yv, d);
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += x[i] * ay[i];
        }
        return s;
    }

    private static double[] multiply(double[] a, double[] v, int d) {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += a[i * d + j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[] unit(double[] v) {
        double norm = 0;
        for (double e : v) {
            norm += e * e;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }
}
