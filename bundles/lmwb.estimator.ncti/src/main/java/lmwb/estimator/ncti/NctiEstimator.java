package lmwb.estimator.ncti;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;
import lmwb.api.estimator.CrossCandidateEstimator;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.estimator.support.ClassData;
import lmwb.estimator.support.Dense;
import lmwb.estimator.support.eigen.SymmetricEigen;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.osgi.service.component.annotations.Component;

/**
 * NCTI (Wang et al., "How far pre-trained models are from neural collapse on the target dataset informs their
 * transferability", ICCV 2023) as the authors' {@code NCTI_Score} and evaluation script compute it. Per candidate
 * matrix X (N × D) with labels y ({@link #score}):
 * <pre>
 *   Z    = the N × k principal-component scores of X, k = min(components, N − 1, D)  (authors: PCA(64))
 *   s    = max(exp(−Σ of the 32 largest explained variances of Z), 1e-10)           (LDA shrinkage, adaptive)
 *   LDA  = linear discriminant analysis of Z, scikit-learn's solver="eigen" with shrinkage s: every class
 *          covariance (biased) shrunk as (1−s)·S + s·(tr S / k)·I, weighted by the class priors into S_w,
 *          the total covariance shrunk the same way into S_t, S_b = S_t − S_w, discriminant axes from the
 *          generalised eigenproblem S_b v = λ S_w v (vᵀ S_w v = 1), posteriors p(c | z) = softmax_c(zᵀ S_w⁻¹ μ_c
 *          − ½ μ_cᵀ S_w⁻¹ μ_c + ln prior_c)
 *   seli = nuclear norm of the centred projections of Z on the min(C−1, k) leading axes   (simplex ETF term)
 *   ncc  = mean over rows of p(y_i | z_i)                                                  (nearest class centre)
 *   vc   = ln Σ_c ‖P_c‖_*, P_c the posterior rows of class c                               (variability collapse)
 * </pre>
 * Across the candidates of one ranking ({@link #combine}) each term is min-max normalised and the score is
 * seli' + ncc' − vc' (in [−1, 2]; higher is better). The ranker normalises over every layer of every ranked model
 * as one set and over the models' layer means as another (see {@link CrossCandidateEstimator}).
 *
 * <p>Where lmwb differs from the authors' code: (1) k is capped at N − 1 and D (scikit-learn refuses PCA(64) on fewer
 * rows or dimensions, and centred rows span at most N − 1 axes: an N-th would be noise); (2) the PCA is exact (an eigendecomposition) where scikit-learn's default solver turns to a
 * randomized SVD, an approximation of the same components, above 500 rows; (3) where s is the floor 1e-10 (the 32
 * leading variances sum to 23.03 or more) the authors switch to scikit-learn's SVD solver, which differs from the
 * eigen solver kept here by a factor √((N−C)/N) on seli, one that min-max normalisation removes when every
 * candidate is in that case, and by the 1e-10 shrinkage; (4) classes are indexed by their sorted ids, where the
 * code indexes the probability columns by the label values (the same for labels 0..C−1); (5) a term that is equal
 * for every candidate normalises to 0 (the code divides 0 by 0). A single matrix has nothing to be normalised
 * against: {@link #score}'s value is the un-normalised seli + ncc − vc, with the terms in its details.
 * Classification only (text, pair, token).
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + NctiEstimator.NAME)
public final class NctiEstimator implements CrossCandidateEstimator {
    /** The estimator's name. */
    public static final String NAME = "ncti";
    /** Default principal components kept (the authors': 64). */
    public static final int DEFAULT_COMPONENTS = 64;
    /** How many leading explained variances set the adaptive shrinkage (the authors': 32). */
    public static final int SHRINKAGE_COMPONENTS = 32;
    /** The adaptive shrinkage's floor (the authors': 1e-10). */
    public static final double SHRINKAGE_FLOOR = 1e-10;
    /** Detail: the simplex-ETF term (nuclear norm of the centred discriminant projections). */
    public static final String SELI = "seli";
    /** Detail: the nearest-class-centre term (mean posterior of the true class). */
    public static final String NCC = "ncc";
    /** Detail: the variability-collapse term (ln of the summed per-class nuclear norms of the posteriors). */
    public static final String VC = "vc";
    private static final Set<String> OPTIONS = Set.of("components", "shrinkage");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "NCTI (Wang et al. 2023): neural-collapse terms normalised across the ranked candidates, classification only";
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
        int components = options.getInt("components", DEFAULT_COMPONENTS);
        if (components < 1) {
            throw new IllegalArgumentException("option components=" + components + " must be at least 1");
        }
        double fixedShrinkage = options.getDouble("shrinkage", Double.NaN);
        if (options.asMap().containsKey("shrinkage") && !(fixedShrinkage > 0 && fixedShrinkage <= 1)) {
            throw new IllegalArgumentException("option shrinkage=" + options.asMap().get("shrinkage")
                    + " must be in (0, 1]; leave it out for the authors' adaptive shrinkage");
        }
        ClassData in = ClassData.of(NAME, embeddings, labels, 1, "");
        int n = in.rows();
        cancel.throwIfCancelled();
        Pca pca = Pca.of(in.values(), n, in.cols(), Math.min(components, Math.min(n - 1, in.cols())));
        double top = 0;
        for (int a = 0; a < Math.min(SHRINKAGE_COMPONENTS, pca.k); a++) {
            top += pca.variances[a];
        }
        double shrinkage = Double.isNaN(fixedShrinkage) ? Math.max(Math.exp(-top), SHRINKAGE_FLOOR) : fixedShrinkage;
        cancel.throwIfCancelled();
        double[] t = terms(pca.scores, n, pca.k, in.classIndex(), in.classCount(), shrinkage);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put(SELI, t[0]);
        details.put(NCC, t[1]);
        details.put(VC, t[2]);
        details.put("shrinkage", shrinkage);
        details.put("pca_components", (double) pca.k);
        return new Score(NAME, t[0] + t[1] - t[2], details);
    }

    /**
     * Min-max normalises seli, ncc and vc across the candidates and returns seli' + ncc' − vc' per candidate. A
     * candidate without the three terms (or with a non-finite one) gets NaN and is left out of the minima and maxima;
     * a term equal for every candidate normalises to 0.
     */
    @Override
    public double[] combine(List<Score> raw) {
        String[] names = {SELI, NCC, VC};
        double[] sign = {1, 1, -1};
        double[] out = new double[raw.size()];
        boolean[] ok = new boolean[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            Map<String, Double> d = raw.get(i).details();
            ok[i] = Arrays.stream(names).allMatch(t -> d.get(t) != null && Double.isFinite(d.get(t)));
            out[i] = ok[i] ? 0 : Double.NaN;
        }
        for (int t = 0; t < names.length; t++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < raw.size(); i++) {
                if (ok[i]) {
                    double v = raw.get(i).details().get(names[t]);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            for (int i = 0; i < raw.size(); i++) {
                if (ok[i] && max > min) {
                    out[i] += sign[t] * (raw.get(i).details().get(names[t]) - min) / (max - min);
                }
            }
        }
        return out;
    }

    /** @return {seli, ncc, vc} of the PCA scores z (N × k, centred) for the class index of every row */
    static double[] terms(double[] z, int n, int k, int[] index, int c, double shrinkage) {
        int[] counts = new int[c];
        double[] means = new double[c * k];
        for (int i = 0; i < n; i++) {
            counts[index[i]]++;
            for (int a = 0; a < k; a++) {
                means[index[i] * k + a] += z[i * k + a];
            }
        }
        for (int g = 0; g < c; g++) {
            for (int a = 0; a < k; a++) {
                means[g * k + a] /= counts[g];
            }
        }
        // S_w = Σ_c prior_c · shrunk biased covariance of class c; S_t = shrunk biased covariance of all rows
        double[] within = new double[k * k];
        for (int g = 0; g < c; g++) {
            double[] cov = new double[k * k];
            for (int i = 0; i < n; i++) {
                if (index[i] != g) {
                    continue;
                }
                for (int a = 0; a < k; a++) {
                    double va = z[i * k + a] - means[g * k + a];
                    if (va == 0) {
                        continue;
                    }
                    for (int b = 0; b <= a; b++) {
                        cov[a * k + b] += va * (z[i * k + b] - means[g * k + b]);
                    }
                }
            }
            shrink(cov, k, counts[g], shrinkage);
            double prior = (double) counts[g] / n;
            for (int e = 0; e < k * k; e++) {
                within[e] += prior * cov[e];
            }
        }
        double[] total = Dense.gramOfColumns(z, n, k); // z is centred
        shrink(total, k, n, shrinkage);
        double[] between = new double[k * k];
        for (int e = 0; e < k * k; e++) {
            between[e] = total[e] - within[e];
        }
        double[] l = within.clone();
        if (!Dense.cholesky(l, k)) {
            throw new IllegalArgumentException(NAME + ": the within-class covariance is singular (constant embeddings?); "
                    + "check the embeddings or set the option shrinkage");
        }
        // A = L⁻¹ S_b L⁻ᵀ; its eigenvectors U give the discriminant axes V = L⁻ᵀ U, and Z V = (Z L⁻ᵀ) U
        double[] a = lowerSolveColumns(l, k, between);
        a = lowerSolveColumns(l, k, transpose(a, k));
        double[][] rows = new double[k][];
        for (int i = 0; i < k; i++) {
            rows[i] = new double[k];
            for (int j = 0; j < k; j++) {
                rows[i][j] = 0.5 * (a[i * k + j] + a[j * k + i]);
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(rows);
        double[] values = eigen.values();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        int m = Math.min(c - 1, k);
        double[] w = lowerSolveColumns(l, k, transpose(z, n, k)); // k × N: L⁻¹ zᵢ per column
        double[][] projected = new double[n][m];
        for (int j = 0; j < m; j++) {
            double[] u = eigen.vectors()[order[j]];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += w[b * n + i] * u[b];
                }
                projected[i][j] = s;
                mean += s;
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                projected[i][j] -= mean;
            }
        }
        double seli = nuclearNorm(projected);
        // posteriors: logits z S_w⁻¹ μ_c − ½ μ_cᵀ S_w⁻¹ μ_c + ln prior_c
        double[] coef = transpose(means, c, k); // k × C
        Dense.solveCholesky(l, k, coef, c);
        double[] logits = new double[n * c];
        double[] intercept = new double[c];
        for (int g = 0; g < c; g++) {
            double q = 0;
            for (int b = 0; b < k; b++) {
                q += means[g * k + b] * coef[b * c + g];
            }
            intercept[g] = -0.5 * q + Math.log((double) counts[g] / n);
        }
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < c; g++) {
                double s = intercept[g];
                for (int b = 0; b < k; b++) {
                    s += z[i * k + b] * coef[b * c + g];
                }
                logits[i * c + g] = s;
            }
        }
        Dense.softmaxRows(logits, n, c);
        double ncc = 0;
        for (int i = 0; i < n; i++) {
            ncc += logits[i * c + index[i]];
        }
        ncc /= n;
        double classNorms = 0;
        for (int g = 0; g < c; g++) {
            double[][] pc = new double[counts[g]][];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (index[i] == g) {
                    pc[r++] = Arrays.copyOfRange(logits, i * c, (i + 1) * c);
                }
            }
            classNorms += nuclearNorm(pc);
        }
        return new double[] {seli, ncc, Math.log(classNorms)};
    }

    /** scikit-learn's shrunk_covariance of the biased covariance: (1−s)·S + s·(tr S / k)·I, S = sum / rows */
    private static void shrink(double[] sum, int k, int rows, double s) {
        double trace = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double v = sum[a * k + b] / rows;
                sum[a * k + b] = v;
                sum[b * k + a] = v;
            }
            trace += sum[a * k + a];
        }
        double mu = trace / k;
        for (int e = 0; e < k * k; e++) {
            sum[e] *= 1 - s;
        }
        for (int a = 0; a < k; a++) {
            sum[a * k + a] += s * mu;
        }
    }

    /** @return L⁻¹ B for the lower-triangular factor L (k × k) and B row-major k × m (m = B.length / k) */
    private static double[] lowerSolveColumns(double[] l, int k, double[] b) {
        int m = b.length / k;
        double[] x = b.clone();
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < i; p++) {
                double f = l[i * k + p];
                if (f == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    x[i * m + j] -= f * x[p * m + j];
                }
            }
            double diag = l[i * k + i];
            for (int j = 0; j < m; j++) {
                x[i * m + j] /= diag;
            }
        }
        return x;
    }

    private static double[] transpose(double[] a, int k) {
        return transpose(a, k, k);
    }

    /** @return the transpose (cols × rows) of a row-major rows × cols matrix */
    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    /** @return the sum of the singular values (Commons Math's SVD) */
    private static double nuclearNorm(double[][] rows) {
        if (rows.length == 0 || rows[0].length == 0) {
            return 0;
        }
        return Arrays.stream(new SingularValueDecomposition(MatrixUtils.createRealMatrix(rows)).getSingularValues()).sum();
    }

    /** Principal components: the centred rows projected on the k leading axes, and the explained variances. */
    static final class Pca {
        final double[] scores;
        final double[] variances;
        final int k;

        private Pca(double[] scores, double[] variances, int k) {
            this.scores = scores;
            this.variances = variances;
            this.k = k;
        }

        /** scikit-learn's PCA(n_components=k): variances with N − 1 in the denominator, as its explained_variance_. */
        static Pca of(double[] x, int n, int d, int k) {
            Dense.centreColumns(x, n, d);
            boolean gram = n < d;
            double[] g = gram ? Dense.gramOfRows(x, n, d) : Dense.gramOfColumns(x, n, d);
            int size = gram ? n : d;
            double[][] rows = new double[size][];
            for (int i = 0; i < size; i++) {
                rows[i] = Arrays.copyOfRange(g, i * size, (i + 1) * size);
            }
            SymmetricEigen eigen = SymmetricEigen.of(rows);
            double[] values = eigen.values().clone();
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
                values[i] = Math.max(values[i], 0);
            }
            Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
            double[] z = new double[n * k];
            double[] variances = new double[k];
            for (int a = 0; a < k; a++) {
                double lambda = values[order[a]];
                variances[a] = lambda / (n - 1);
                double[] v = eigen.vectors()[order[a]];
                if (gram) {
                    double s = Math.sqrt(lambda); // X Xᵀ u = λ u: the scores are u·√λ
                    for (int i = 0; i < n; i++) {
                        z[i * k + a] = v[i] * s;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double s = 0;
                        for (int b = 0; b < d; b++) {
                            s += x[i * d + b] * v[b];
                        }
                        z[i * k + a] = s;
                    }
                }
            }
            return new Pca(z, variances, k);
        }
    }
}
