package lmwb.estimator.pactran;

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
 * PACTran-Gaussian (Ding et al., "PACTran: PAC-Bayesian Metrics for Estimating the Transferability of Pretrained
 * Models to Classification Tasks", ECCV 2022), as the authors' {@code calculate_pac_gauss} computes it, with the
 * sign turned so that higher is better (the authors' value is a bound on the risk: lower is better).
 *
 * <p>F = E − column means (N×D), Y one-hot over the C classes present, θ = (w ∈ R^{D×C}, b ∈ R^C),
 * λ = {@code lda-factor}·N:
 * <pre>
 *   L(θ)    = 1/N Σ_i Σ_k Y_ik (ln(Y_ik + 1e−10) − ln softmax(Fw + b)_ik) + ‖w‖² / (2λ)
 *   θ*      = argmin L                               (L-BFGS until max |∇L| ≤ tolerance)
 *   h       = Σ of the diagonal second derivatives at θ*, as the authors sum them:
 *             Σ_dk (Σ_i F_id² p_ik(1−p_ik) + 1/λ) + Σ_k Σ_i p_ik(1−p_ik)        (no 1/N here: their code)
 *   σ⁻²     = h·λ/(D·C) + 1e−10
 *   PACTran = L(θ*) + ½ · (D·C)/λ · (s2-factor/D) · ln σ⁻²
 *   score   = −PACTran
 * </pre>
 * Options: {@code lda-factor} (default {@value #DEFAULT_LDA_FACTOR}, the prior's precision scale; the authors try
 * 10, 1 and 0.1), {@code s2-factor} (default 100·lda-factor, the first of the authors' two values for each
 * lda-factor: 1000/100/10), {@code tolerance} (default {@value #DEFAULT_TOLERANCE}, on the largest gradient
 * component), {@code max-iterations} (default {@value #DEFAULT_MAX_ITERATIONS}). The authors start L-BFGS-B from
 * small random weights and stop after 100 iterations or at scipy's tol=1e-6; L is convex, so lmwb starts from
 * zero and iterates to the tolerance instead, which makes the score independent of the start and of any seed
 * (details: {@code iterations}, {@code converged}). The authors' C is max(y)+1; here it is the number of classes
 * present (the same for ids 0..C−1). Classification only.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + PacTranEstimator.NAME)
public final class PacTranEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "pactran";
    /** Default prior precision factor (λ = factor·N). */
    public static final double DEFAULT_LDA_FACTOR = 1.0;
    /** Default stopping tolerance on max |∇L|. */
    public static final double DEFAULT_TOLERANCE = 1e-9;
    /** Default cap on L-BFGS iterations. */
    public static final int DEFAULT_MAX_ITERATIONS = 2000;
    /** L-BFGS memory (pairs kept). */
    private static final int MEMORY = 10;
    private static final Set<String> OPTIONS = Set.of("lda-factor", "s2-factor", "tolerance", "max-iterations");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PACTran-Gaussian (Ding et al. 2022), negated PAC-Bayes bound of a linear softmax head, classification only";
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
        double ldaFactor = positive(options, "lda-factor", DEFAULT_LDA_FACTOR);
        double s2Factor = positive(options, "s2-factor", 100 * ldaFactor);
        double tolerance = positive(options, "tolerance", DEFAULT_TOLERANCE);
        int maxIterations = options.getInt("max-iterations", DEFAULT_MAX_ITERATIONS);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("option max-iterations=" + maxIterations + " must be at least 1");
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 1, "");
        int n = in.rows();
        int d = in.cols();
        int c = in.classCount();
        double[] f = in.values();
        Dense.centreColumns(f, n, d);
        Objective objective = new Objective(f, in.classIndex(), n, d, c, ldaFactor * n);
        int size = (d + 1) * c;
        double[] theta = new double[size];
        double[] grad = new double[size];
        double loss = objective.evaluate(theta, grad);
        double[][] s = new double[MEMORY][];
        double[][] yv = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int iterations = 0;
        boolean converged = maxAbs(grad) <= tolerance;
        double[] nextTheta = new double[size];
        double[] nextGrad = new double[size];
        while (!converged && iterations < maxIterations) {
            cancel.throwIfCancelled();
            iterations++;
            double[] dir = direction(grad, s, yv, rho, stored);
            double slope = dot(dir, grad);
            if (!(slope < 0)) {
                stored = 0;
                dir = grad.clone();
                for (int i = 0; i < size; i++) {
                    dir[i] = -dir[i];
                }
                slope = dot(dir, grad);
            }
            double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            double nextLoss;
            int halvings = 0;
            while (true) {
                for (int i = 0; i < size; i++) {
                    nextTheta[i] = theta[i] + step * dir[i];
                }
                nextLoss = objective.evaluate(nextTheta, nextGrad);
                if (nextLoss <= loss + 1e-4 * step * slope || halvings > 60) {
                    break;
                }
                step *= 0.5;
                halvings++;
            }
            double[] sk = new double[size];
            double[] yk = new double[size];
            for (int i = 0; i < size; i++) {
                sk[i] = nextTheta[i] - theta[i];
                yk[i] = nextGrad[i] - grad[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-300) {
                if (stored == MEMORY) {
                    System.arraycopy(s, 1, s, 0, MEMORY - 1);
                    System.arraycopy(yv, 1, yv, 0, MEMORY - 1);
                    System.arraycopy(rho, 1, rho, 0, MEMORY - 1);
                    stored--;
                }
                s[stored] = sk;
                yv[stored] = yk;
                rho[stored] = 1.0 / sy;
                stored++;
            }
            double previous = loss;
            System.arraycopy(nextTheta, 0, theta, 0, size);
            System.arraycopy(nextGrad, 0, grad, 0, size);
            loss = nextLoss;
            converged = maxAbs(grad) <= tolerance;
            if (!converged && previous - loss <= 0 && halvings > 60) {
                break; // no decrease possible in double precision: the gradient is at its noise floor
            }
        }
        double lambda = ldaFactor * n;
        double h = objective.hessianDiagonalSum(theta);
        double sigma2Inv = h * lambda / ((double) d * c) + 1e-10;
        double s2 = s2Factor / d;
        double bound = loss + 0.5 * ((double) d * c) / lambda * s2 * Math.log(sigma2Inv);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("pac_gauss", bound);
        details.put("loss", loss);
        details.put("lda_factor", ldaFactor);
        details.put("s2_factor", s2Factor);
        details.put("iterations", (double) iterations);
        details.put("converged", converged ? 1.0 : 0.0);
        details.put("classes", (double) c);
        return new Score(NAME, -bound, details);
    }

    private static double positive(EstimatorOptions options, String key, double fallback) {
        double v = options.getDouble(key, fallback);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("option " + key + "=" + v + " must be a positive number");
        }
        return v;
    }

    /** L-BFGS two-loop recursion: −H·g from the stored pairs (oldest first). */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored) {
        double[] q = g.clone();
        double[] alpha = new double[stored];
        for (int k = stored - 1; k >= 0; k--) {
            alpha[k] = rho[k] * dot(s[k], q);
            axpy(-alpha[k], y[k], q);
        }
        if (stored > 0) {
            double gamma = dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = 0; k < stored; k++) {
            double beta = rho[k] * dot(y[k], q);
            axpy(alpha[k] - beta, s[k], q);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    /** The regularised cross-entropy of a linear softmax head; θ is (D+1)×C row-major: w rows, then b. */
    private static final class Objective {
        private static final double ONE_HOT_TERM = Math.log(1 + 1e-10);
        private final double[] f;
        private final int[] y;
        private final int n;
        private final int d;
        private final int c;
        private final double lambda;

        Objective(double[] f, int[] y, int n, int d, int c, double lambda) {
            this.f = f;
            this.y = y;
            this.n = n;
            this.d = d;
            this.c = c;
            this.lambda = lambda;
        }

        private double[] probabilities(double[] theta) {
            double[] z = new double[n * c];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    z[i * c + k] = theta[d * c + k];
                }
                for (int j = 0; j < d; j++) {
                    double v = f[i * d + j];
                    if (v == 0) {
                        continue;
                    }
                    for (int k = 0; k < c; k++) {
                        z[i * c + k] += v * theta[j * c + k];
                    }
                }
            }
            return z;
        }

        double evaluate(double[] theta, double[] grad) {
            double[] z = probabilities(theta);
            double xent = 0;
            for (int i = 0; i < n; i++) {
                int base = i * c;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, z[base + k]);
                }
                double sum = 0;
                for (int k = 0; k < c; k++) {
                    sum += Math.exp(z[base + k] - max);
                }
                double logSum = max + Math.log(sum);
                xent += ONE_HOT_TERM - (z[base + y[i]] - logSum);
                for (int k = 0; k < c; k++) {
                    z[base + k] = Math.exp(z[base + k] - logSum);
                }
                z[base + y[i]] -= 1;
            }
            java.util.Arrays.fill(grad, 0);
            double reg = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double v = f[i * d + j];
                    if (v == 0) {
                        continue;
                    }
                    for (int k = 0; k < c; k++) {
                        grad[j * c + k] += v * z[i * c + k];
                    }
                }
                for (int k = 0; k < c; k++) {
                    grad[d * c + k] += z[i * c + k];
                }
            }
            for (int q = 0; q < grad.length; q++) {
                grad[q] /= n;
            }
            for (int q = 0; q < d * c; q++) {
                grad[q] += theta[q] / lambda;
                reg += theta[q] * theta[q];
            }
            return xent / n + 0.5 * reg / lambda;
        }

        double hessianDiagonalSum(double[] theta) {
            double[] z = probabilities(theta);
            Dense.softmaxRows(z, n, c);
            double h = (double) d * c / lambda;
            for (int i = 0; i < n; i++) {
                double rowSq = 0;
                for (int j = 0; j < d; j++) {
                    rowSq += f[i * d + j] * f[i * d + j];
                }
                for (int k = 0; k < c; k++) {
                    double p = z[i * c + k];
                    h += (rowSq + 1) * p * (1 - p);
                }
            }
            return h;
        }
    }
}
