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
import lmwb.common.optim.Lbfgs;
import lmwb.common.optim.SoftmaxRegression;
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
 * (details: {@code iterations}, {@code converged}, {@code iteration_capped}). The authors' C is max(y)+1; here it is the number of classes
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
    /** Σ_k Y_ik ln(Y_ik + 1e−10) of a one-hot row: the authors' cross-entropy against Y includes it. */
    private static final double ONE_HOT_TERM = Math.log(1 + 1e-10);
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
        double lambda = ldaFactor * n;
        // L(θ) = mean cross-entropy + ‖w‖²/(2λ) + ln(1 + 1e−10): the one softmax probe with scale 1/N, penalty 1/λ
        SoftmaxRegression head = new SoftmaxRegression(f, n, d, in.classIndex(), c, 1.0 / n, 1.0 / lambda);
        Lbfgs.Result fit = head.fit(null, new Lbfgs.Settings(maxIterations, tolerance, 0, 1, MEMORY), cancel::throwIfCancelled);
        boolean converged = fit.stop() == Lbfgs.Stop.GRADIENT;
        int iterations = fit.iterations();
        double loss = fit.value() + ONE_HOT_TERM;
        double h = hessianDiagonalSum(f, n, d, c, head.probabilities(f, n), lambda);
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
        details.put(Score.ITERATION_CAPPED, fit.capped() ? 1.0 : 0.0);
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

    /** The authors' sum of the diagonal second derivatives at θ*, from the training rows' probabilities p (N×C). */
    private static double hessianDiagonalSum(double[] f, int n, int d, int c, double[] p, double lambda) {
        double h = (double) d * c / lambda;
        for (int i = 0; i < n; i++) {
            double rowSq = 0;
            for (int j = 0; j < d; j++) {
                rowSq += f[i * d + j] * f[i * d + j];
            }
            for (int k = 0; k < c; k++) {
                double q = p[i * c + k];
                h += (rowSq + 1) * q * (1 - q);
            }
        }
        return h;
    }
}
