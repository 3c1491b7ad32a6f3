package lmwb.estimator.transrate;

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
 * TransRate (Huang et al., "Frustratingly Easy Transferability Estimation", ICML 2022), as the authors' code
 * computes it: the coding rate of all features minus the mean coding rate of each class's features.
 * <pre>
 *   Z      = E − column means                                     (centred once, over all rows)
 *   R(A)   = ½ ln det( I + 1/(m·ε) · AᵀA )                         (A has m rows; ε = option eps)
 *   score  = R(Z) − (1/C) Σ_c R(Z_c)                              (Z_c: the rows of class c, not re-centred)
 * </pre>
 * {@code eps} defaults to {@value #DEFAULT_EPS}, the authors' value (their code scales by 1/(m·ε), not the
 * paper's d/(m·ε²); this follows the code). The class term is the plain mean over the C classes present (the
 * code divides by {@code max(y)+1}, which is C for ids 0..C−1). When a block has fewer rows than columns the
 * determinant is taken of the smaller m×m matrix {@code I + AAᵀ/(m·ε)} (same value, Sylvester's identity).
 * Higher is better. Classification only.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + TransRateEstimator.NAME)
public final class TransRateEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "transrate";
    /** The authors' distortion ε. */
    public static final double DEFAULT_EPS = 1e-4;
    private static final Set<String> OPTIONS = Set.of("eps");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TransRate (Huang et al. 2022): coding rate of the features minus that of each class, classification only";
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
        double eps = options.getDouble("eps", DEFAULT_EPS);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("option eps=" + eps + " must be a positive number (the coding distortion)");
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 1, "");
        int n = in.rows();
        int d = in.cols();
        double[] z = in.values();
        Dense.centreColumns(z, n, d); // in place: the class blocks below are cut from the centred rows
        cancel.throwIfCancelled();
        double whole = codingRate(z, n, d, eps);
        double classes = 0;
        for (int c = 0; c < in.classCount(); c++) {
            cancel.throwIfCancelled();
            classes += codingRate(in.rowsOf(c), in.classCounts()[c], d, eps);
        }
        classes /= in.classCount();
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("rate_all", whole);
        details.put("rate_classes", classes);
        details.put("classes", (double) in.classCount());
        details.put("eps", eps);
        return new Score(NAME, whole - classes, details);
    }

    /** ½ ln det(I + AᵀA/(m·ε)) for an m×d block A, through the smaller of the two Gram matrices. */
    static double codingRate(double[] a, int m, int d, double eps) {
        int size = Math.min(m, d);
        double[] g = m < d ? Dense.gramOfRows(a, m, d) : Dense.gramOfColumns(a, m, d);
        double scale = 1.0 / (m * eps);
        for (int q = 0; q < g.length; q++) {
            g[q] *= scale;
        }
        for (int j = 0; j < size; j++) {
            g[j * size + j] += 1.0;
        }
        return 0.5 * Dense.logDetSpd(g, size, NAME + ": I + ZᵀZ/(mε)");
    }
}
