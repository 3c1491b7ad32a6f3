package lmwb.estimator.nleep;

import java.util.Arrays;
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
import lmwb.estimator.support.eigen.SymmetricEigen;
import org.osgi.service.component.annotations.Component;

/**
 * N-LEEP (Li et al., "Ranking Neural Checkpoints", CVPR 2021) as the SFDA/NCTI authors' {@code NLEEP} code computes
 * it: the embeddings reduced by PCA to the fewest components whose explained variance exceeds {@code energy}, a
 * Gaussian mixture with full covariances and {@code components-per-class}·C components fitted by EM on them
 * (scikit-learn's {@code GaussianMixture} defaults: covariance floor {@code reg-covar} on the diagonal, stop when the
 * mean log-likelihood changes by less than {@code tolerance}, at most {@code max-iterations} iterations), and LEEP
 * with the mixture's posteriors θ_i(z) as the "source labels":
 * <pre>
 *   P(y, z) = 1/N Σ_{i: y_i = y} θ_i(z),   P(y | z) = P(y, z) / Σ_y' P(y', z)
 *   N-LEEP  = 1/N Σ_i ln Σ_z θ_i(z) P(y_i | z)          (log=false: without the ln, as the authors' code)
 * </pre>
 * The mixture's start differs from scikit-learn's random k-means: lmwb starts deterministically and independently
 * of row order from farthest-point centres (the row nearest the mean, then each time the row farthest from the
 * centres so far), runs Lloyd's k-means from them to a fixed assignment (at most 300 rounds; a cluster that loses
 * every row keeps its centre), and starts EM from that hard assignment the way scikit-learn starts from its
 * k-means (weights N_k/N with N_k + 10ε, means, covariances + reg-covar). So the score needs no seed and row order
 * does not change it. Higher is better; a log-likelihood, at most 0. Classification only.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + NleepEstimator.NAME)
public final class NleepEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "nleep";
    /** Default share of the variance the PCA keeps (the authors': 0.8). */
    public static final double DEFAULT_ENERGY = 0.8;
    /** Default mixture components per class (the authors': 5). */
    public static final int DEFAULT_COMPONENTS_PER_CLASS = 5;
    /** Default covariance floor added to each component's diagonal (scikit-learn's reg_covar). */
    public static final double DEFAULT_REG_COVAR = 1e-6;
    /** Default EM stop: change of the mean log-likelihood below this (scikit-learn's tol). */
    public static final double DEFAULT_TOLERANCE = 1e-3;
    /** Default cap on EM iterations (scikit-learn's max_iter). */
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    private static final int KMEANS_ROUNDS = 300;
    private static final double EPS = Math.ulp(1.0);
    private static final Set<String> OPTIONS = Set.of("energy", "components-per-class", "reg-covar", "tolerance",
            "max-iterations", "log");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "N-LEEP (Li et al. 2021): LEEP of a Gaussian mixture on PCA-reduced embeddings, classification only";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION, TaskType.TOKEN_CLASSIFICATION);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        Optional<String> problem = ClassData.checkLabels(NAME, labels, options, OPTIONS, 1, "");
        if (problem.isPresent()) {
            return problem;
        }
        int components = componentsPerClass(options) * labels.distinctClasses();
        return labels.size() < components ? Optional.of(tooFew(labels.size(), components)) : Optional.empty();
    }

    private static String tooFew(int rows, int components) {
        return NAME + ": " + rows + " rows cannot fit a mixture of " + components + " components (components-per-class x "
                + "classes); add rows or lower the option components-per-class";
    }

    private static int componentsPerClass(EstimatorOptions options) {
        int k = options.getInt("components-per-class", DEFAULT_COMPONENTS_PER_CLASS);
        if (k < 1) {
            throw new IllegalArgumentException("option components-per-class=" + k + " must be at least 1");
        }
        return k;
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        double energy = options.getDouble("energy", DEFAULT_ENERGY);
        if (!(energy > 0 && energy < 1)) {
            throw new IllegalArgumentException("option energy=" + energy + " must be a share of the variance in (0, 1)");
        }
        int perClass = componentsPerClass(options);
        double regCovar = positive(options, "reg-covar", DEFAULT_REG_COVAR);
        double tolerance = positive(options, "tolerance", DEFAULT_TOLERANCE);
        int maxIterations = options.getInt("max-iterations", DEFAULT_MAX_ITERATIONS);
        if (maxIterations < 1) {
            throw new IllegalArgumentException("option max-iterations=" + maxIterations + " must be at least 1");
        }
        String logOption = options.asMap().getOrDefault("log", "true");
        if (!logOption.equals("true") && !logOption.equals("false")) {
            throw new IllegalArgumentException("option log=" + logOption + " must be true or false");
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 1, "");
        int n = in.rows();
        int c = in.classCount();
        int k = perClass * c;
        if (n < k) {
            throw new IllegalArgumentException(tooFew(n, k));
        }
        cancel.throwIfCancelled();
        double[] z = principalComponents(in.values(), n, in.cols(), energy);
        int dims = z.length / n;
        cancel.throwIfCancelled();
        int[] assign = farthestPointKMeans(z, n, dims, k, cancel);
        Mixture mixture = Mixture.fromAssignment(z, n, dims, k, assign, regCovar);
        double[] zt = transpose(z, n, dims);
        double[] logResp = new double[n * k];
        double lowerBound = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            cancel.throwIfCancelled();
            iterations++;
            double previous = lowerBound;
            lowerBound = mixture.expectation(zt, logResp);
            mixture = Mixture.maximisation(z, n, dims, k, logResp, regCovar);
            if (Math.abs(lowerBound - previous) < tolerance) {
                converged = true;
                break;
            }
        }
        mixture.expectation(zt, logResp);
        double score = leep(logResp, n, k, in.classIndex(), c, logOption.equals("true"));
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("pca_dimensions", (double) dims);
        details.put("components", (double) k);
        details.put("em_iterations", (double) iterations);
        details.put("converged", converged ? 1.0 : 0.0);
        details.put(Score.ITERATION_CAPPED, converged ? 0.0 : 1.0);
        return new Score(NAME, score, details);
    }

    /** @return the row-major n × d matrix {@code z} as row-major d × n */
    private static double[] transpose(double[] z, int n, int d) {
        double[] t = new double[z.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                t[j * n + i] = z[i * d + j];
            }
        }
        return t;
    }

    private static double positive(EstimatorOptions options, String key, double fallback) {
        double v = options.getDouble(key, fallback);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("option " + key + "=" + v + " must be a positive number");
        }
        return v;
    }

    /**
     * @return the centred rows projected on the fewest principal axes whose explained variance share exceeds
     *     {@code energy} (scikit-learn's {@code PCA(n_components=energy)}), row-major N × k
     */
    static double[] principalComponents(double[] x, int n, int d, double energy) {
        Dense.centreColumns(x, n, d);
        boolean gram = n < d;
        double[] m = gram ? Dense.gramOfRows(x, n, d) : Dense.gramOfColumns(x, n, d);
        int size = gram ? n : d;
        double[][] rows = new double[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = Arrays.copyOfRange(m, i * size, (i + 1) * size);
        }
        SymmetricEigen eigen = SymmetricEigen.of(rows);
        double[] values = eigen.values().clone();
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
            values[i] = Math.max(values[i], 0);
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double total = Arrays.stream(values).sum();
        int k = 0;
        double kept = 0;
        while (k < size && !(kept / total > energy)) {
            kept += values[order[k]];
            k++;
        }
        k = Math.max(k, 1);
        double[] z = new double[n * k];
        for (int a = 0; a < k; a++) {
            double[] v = eigen.vectors()[order[a]];
            if (gram) {
                double s = Math.sqrt(values[order[a]]); // X Xᵀ u = λ u: the scores are u·√λ
                for (int i = 0; i < n; i++) {
                    z[i * k + a] = v[i] * s;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += x[i * d + j] * v[j];
                    }
                    z[i * k + a] = s;
                }
            }
        }
        return z;
    }

    /** Farthest-point centres, then Lloyd's k-means to a fixed assignment; returns each row's cluster. */
    static int[] farthestPointKMeans(double[] z, int n, int d, int k, CancellationToken cancel) {
        double[] mean = Dense.columnMeans(z, n, d);
        int first = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double dist = squaredDistance(z, i * d, mean, 0, d);
            if (dist < best) {
                best = dist;
                first = i;
            }
        }
        double[] centres = new double[k * d];
        System.arraycopy(z, first * d, centres, 0, d);
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = squaredDistance(z, i * d, centres, 0, d);
        }
        for (int c = 1; c < k; c++) {
            int next = 0;
            for (int i = 1; i < n; i++) {
                if (nearest[i] > nearest[next]) {
                    next = i;
                }
            }
            System.arraycopy(z, next * d, centres, c * d, d);
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(z, i * d, centres, c * d, d));
            }
        }
        int[] assign = null;
        for (int round = 0; round < KMEANS_ROUNDS; round++) {
            cancel.throwIfCancelled();
            int[] next = new int[n];
            for (int i = 0; i < n; i++) {
                double bestDist = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double dist = squaredDistance(z, i * d, centres, c * d, d);
                    if (dist < bestDist) {
                        bestDist = dist;
                        next[i] = c;
                    }
                }
            }
            if (Arrays.equals(next, assign)) {
                break;
            }
            assign = next;
            double[] sums = new double[k * d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assign[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assign[i] * d + j] += z[i * d + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        centres[c * d + j] = sums[c * d + j] / counts[c];
                    }
                }
            }
        }
        return assign;
    }

    private static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }

    /** LEEP of the posteriors exp(logResp) against the labels. */
    static double leep(double[] logResp, int n, int k, int[] y, int c, boolean log) {
        double[] joint = new double[c * k];
        for (int i = 0; i < n; i++) {
            for (int z = 0; z < k; z++) {
                joint[y[i] * k + z] += Math.exp(logResp[i * k + z]) / n;
            }
        }
        double[] conditional = new double[c * k];
        for (int z = 0; z < k; z++) {
            double pz = 0;
            for (int l = 0; l < c; l++) {
                pz += joint[l * k + z];
            }
            for (int l = 0; l < c; l++) {
                conditional[l * k + z] = joint[l * k + z] / pz;
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = 0;
            for (int z = 0; z < k; z++) {
                p += Math.exp(logResp[i * k + z]) * conditional[y[i] * k + z];
            }
            sum += log ? Math.log(p) : p;
        }
        return sum / n;
    }

    /** A Gaussian mixture with full covariances, held as weights, means and the Cholesky factors of the covariances. */
    private record Mixture(int k, int d, double[] weights, double[] means, double[][] cholesky) {
        static Mixture fromAssignment(double[] z, int n, int d, int k, int[] assign, double regCovar) {
            double[] resp = new double[n * k];
            for (int i = 0; i < n; i++) {
                resp[i * k + assign[i]] = 1;
            }
            Mixture m = estimate(z, n, d, k, resp, regCovar);
            double[] w = m.weights();
            double total = 0;
            for (double v : w) {
                total += v;
            }
            // scikit-learn's start divides N_k by N, its M-step by Σ N_k (which holds the 10ε per component)
            for (int c = 0; c < k; c++) {
                w[c] = w[c] * total / n;
            }
            return m;
        }

        static Mixture maximisation(double[] z, int n, int d, int k, double[] logResp, double regCovar) {
            double[] resp = new double[n * k];
            for (int i = 0; i < resp.length; i++) {
                resp[i] = Math.exp(logResp[i]);
            }
            return estimate(z, n, d, k, resp, regCovar);
        }

        /** scikit-learn's _estimate_gaussian_parameters + weights normalised to sum 1. */
        private static Mixture estimate(double[] z, int n, int d, int k, double[] resp, double regCovar) {
            double[] nk = new double[k];
            double[] means = new double[k * d];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double r = resp[i * k + c];
                    nk[c] += r;
                    for (int j = 0; j < d; j++) {
                        means[c * d + j] += r * z[i * d + j];
                    }
                }
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                nk[c] += 10 * EPS;
                total += nk[c];
                for (int j = 0; j < d; j++) {
                    means[c * d + j] /= nk[c];
                }
            }
            double[][] chol = new double[k][];
            double[] diff = new double[d];
            for (int c = 0; c < k; c++) {
                double[] cov = new double[d * d];
                for (int i = 0; i < n; i++) {
                    double r = resp[i * k + c];
                    if (r == 0) {
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        diff[j] = z[i * d + j] - means[c * d + j];
                    }
                    for (int a = 0; a < d; a++) {
                        double ra = r * diff[a];
                        for (int b = 0; b <= a; b++) {
                            cov[a * d + b] += ra * diff[b];
                        }
                    }
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b <= a; b++) {
                        cov[a * d + b] /= nk[c];
                        cov[b * d + a] = cov[a * d + b];
                    }
                    cov[a * d + a] += regCovar;
                }
                if (!Dense.cholesky(cov, d)) {
                    throw new IllegalArgumentException(NAME + ": a mixture component's covariance is not positive definite; "
                            + "raise the option reg-covar or lower components-per-class");
                }
                chol[c] = cov;
            }
            double[] weights = new double[k];
            for (int c = 0; c < k; c++) {
                weights[c] = nk[c] / total;
            }
            return new Mixture(k, d, weights, means, chol);
        }

        /**
         * Fills log p(z | x_i) and returns the mean log-likelihood (scikit-learn's lower bound). Each component's
         * Mahalanobis terms are solved for all rows at once, one coordinate at a time ({@code zt} is the data
         * transposed, d × N), so the inner loops run over rows and vectorise; every row's arithmetic is the same, in
         * the same order, as solving L t = x − μ row by row, so the values are identical.
         */
        double expectation(double[] zt, double[] logResp) {
            int n = zt.length / d;
            double constant = -0.5 * d * Math.log(2 * Math.PI);
            double[] t = new double[d * n];
            double[] q = new double[n];
            for (int c = 0; c < k; c++) {
                double[] l = cholesky[c];
                double logDet = 0;
                for (int j = 0; j < d; j++) {
                    logDet += Math.log(l[j * d + j]);
                }
                Arrays.fill(q, 0);
                for (int a = 0; a < d; a++) { // forward substitution, row a of L for every data row
                    int ta = a * n;
                    double mu = means[c * d + a];
                    for (int i = 0; i < n; i++) {
                        t[ta + i] = zt[ta + i] - mu;
                    }
                    for (int b = 0; b < a; b++) {
                        double lab = l[a * d + b];
                        int tb = b * n;
                        for (int i = 0; i < n; i++) {
                            t[ta + i] -= lab * t[tb + i];
                        }
                    }
                    double laa = l[a * d + a];
                    for (int i = 0; i < n; i++) {
                        double v = t[ta + i] / laa;
                        t[ta + i] = v;
                        q[i] += v * v;
                    }
                }
                double base = Math.log(weights[c]) + constant - logDet;
                for (int i = 0; i < n; i++) {
                    logResp[i * k + c] = base - 0.5 * q[i];
                }
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logResp[i * k + c]);
                }
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += Math.exp(logResp[i * k + c] - max);
                }
                double norm = max + Math.log(s);
                for (int c = 0; c < k; c++) {
                    logResp[i * k + c] -= norm;
                }
                sum += norm;
            }
            return sum / n;
        }
    }
}
