package lmwb.estimators.probe;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.common.optim.Lbfgs;
import lmwb.common.optim.SoftmaxRegression;
import lmwb.common.stats.Correlations;
import lmwb.estimators.common.EstimatorInput;
import lmwb.estimators.common.OptionValues;
import lmwb.estimators.linalg.LinearAlgebra;
import lmwb.estimators.linalg.LinearAlgebraBackends;
import org.osgi.service.component.annotations.Component;

/**
 * Linear-probe ground truth: k-fold cross-validated linear model on standardised features (mean and
 * deviation of the training folds). Classification: multinomial logistic regression with an L2 penalty
 * {@code l2/2·||W||²} on the summed cross-entropy (sklearn's {@code LogisticRegression(C=1/l2)}), fitted by
 * L-BFGS; folds stratified by class; score = mean accuracy (or macro-F1) over the folds. Regression: ridge
 * regression with penalty {@code l2}; score = mean Pearson r over the folds ({@link Correlations}: NaN when a
 * fold's targets or predictions are constant, and then the mean is NaN). Slower than the other
 * estimators by design.
 *
 * <p>Options: {@code folds} (default 5), {@code seed} (default 42), {@code metric=accuracy|macro-f1},
 * {@code l2} (default 1.0), {@code max-iter} (L-BFGS iterations per fold, default {@value #DEFAULT_MAX_ITER}),
 * {@code tolerance} (default {@value #DEFAULT_TOLERANCE}: stop when the largest component of the summed objective's
 * gradient is at most this, scikit-learn's {@code tol}; or when an iteration lowers the objective by less than
 * {@value #RELATIVE_DECREASE} of it, scipy's default {@code ftol}). These are scikit-learn 1.2's stopping rules for
 * {@code LogisticRegression(C=1/l2, solver="lbfgs")}. Each fold after the first starts from the previous fold's
 * weights (the folds share most of their rows, so this saves iterations; the minimiser is unique, so not the
 * answer). Details: {@code iterations} (all folds), {@code iteration_capped} (folds stopped by {@code max-iter}
 * before the tolerance: the ranker turns a non-zero count into a note). The fit is {@link SoftmaxRegression}, the probe
 * that the diagnostics and PACTran use too.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + LinearProbeEstimator.NAME)
public final class LinearProbeEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "probe";
    /** Default L-BFGS iterations per fold. */
    public static final int DEFAULT_MAX_ITER = 200;
    /** Default tolerance on the largest gradient component of the summed objective (scikit-learn's default tol). */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** Relative decrease below which a fit stops (scipy L-BFGS-B's default ftol, which scikit-learn keeps). */
    public static final double RELATIVE_DECREASE = 2.220446049250313e-9;
    private static final Set<String> OPTIONS = Set.of("folds", "seed", "metric", "l2", "max-iter", "tolerance");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "linear probe: cross-validated logistic regression (accuracy) or ridge regression (Pearson r)";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.allOf(TaskType.class);
    }

    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        return EstimatorInput.checkLabels(NAME, labels, options, OPTIONS, 2,
                "every class must appear in the training folds of cross-validation");
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        EstimatorInput in = EstimatorInput.of(NAME, embeddings, labels);
        int n = in.rows();
        int folds = OptionValues.intInRange(options, "folds", 5, 2, n);
        long seed = options.getInt("seed", 42);
        boolean macroF1 = OptionValues.choice(options, "metric", "accuracy", Set.of("accuracy", "macro-f1")).equals("macro-f1");
        double l2 = options.getDouble("l2", 1.0);
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("option l2=" + l2 + " must be a finite number >= 0");
        }
        int maxIter = OptionValues.intInRange(options, "max-iter", DEFAULT_MAX_ITER, 1, 100_000);
        double tolerance = options.getDouble("tolerance", DEFAULT_TOLERANCE);
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("option tolerance=" + tolerance + " must be a positive number");
        }
        Lbfgs.Settings settings = Lbfgs.Settings.of(maxIter, tolerance, RELATIVE_DECREASE);
        if (!in.isRegression()) {
            in.requireSamplesPerClass(2, "every class must appear in the training folds of cross-validation");
        }
        int[] fold = in.isRegression() ? shuffledFolds(n, folds, seed) : stratifiedFolds(in.classIndex(), in.classCount(), folds, seed);
        double[] foldScores = new double[folds];
        int iterations = 0;
        int capped = 0;
        if (in.isRegression()) {
            for (int k = 0; k < folds; k++) {
                cancel.throwIfCancelled();
                List<Integer> train = rowsOf(fold, k, false);
                List<Integer> test = rowsOf(fold, k, true);
                Standardised s = Standardised.of(in.values(), in.cols(), train, test);
                foldScores[k] = ridge(s, in.labels().values(), train, test, l2);
            }
        } else {
            Classified c = classify(in.values(), in.cols(), in.classIndex(), in.classCount(), fold, folds, l2, settings, cancel);
            for (int k = 0; k < folds; k++) {
                foldScores[k] = macroF1 ? macroF1(c.truth()[k], c.predicted()[k], in.classCount())
                        : accuracy(c.truth()[k], c.predicted()[k]);
            }
            iterations = c.iterations();
            capped = c.cappedFolds();
        }
        double mean = 0;
        for (double v : foldScores) {
            mean += v;
        }
        mean /= folds;
        double var = 0;
        for (double v : foldScores) {
            var += (v - mean) * (v - mean);
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("folds", (double) folds);
        details.put("seed", (double) seed);
        details.put("l2", l2);
        details.put("fold_std", Math.sqrt(var / folds));
        if (!in.isRegression()) {
            details.put("iterations", (double) iterations);
            details.put(Score.ITERATION_CAPPED, (double) capped);
        }
        return new Score(NAME, mean, details);
    }

    /**
     * Per fold: the test rows' classes and the probe's predictions.
     *
     * @param truth per fold, the test rows' class indices
     * @param predicted per fold, the predicted class indices
     * @param iterations L-BFGS iterations over all folds
     * @param cappedFolds folds whose fit stopped at the iteration cap
     */
    record Classified(int[][] truth, int[][] predicted, int iterations, int cappedFolds) {
    }

    /**
     * The cross-validated softmax probe: fold k's model is fitted on the other folds (standardised with their mean
     * and deviation), starting from fold k−1's weights, and predicts fold k.
     */
    static Classified classify(float[] x, int d, int[] classIndex, int classes, int[] fold, int folds, double l2,
            Lbfgs.Settings settings, CancellationToken cancel) {
        int[][] truth = new int[folds][];
        int[][] predicted = new int[folds][];
        int iterations = 0;
        int capped = 0;
        double[] start = null;
        for (int k = 0; k < folds; k++) {
            cancel.throwIfCancelled();
            List<Integer> train = rowsOf(fold, k, false);
            List<Integer> test = rowsOf(fold, k, true);
            Standardised s = Standardised.of(x, d, train, test);
            SoftmaxRegression model = new SoftmaxRegression(s.train(), train.size(), d, labelsOf(classIndex, train), classes,
                    1.0, l2);
            Lbfgs.Result fit = model.fit(start, settings, cancel::throwIfCancelled);
            start = fit.x();
            iterations += fit.iterations();
            capped += fit.capped() ? 1 : 0;
            cancel.throwIfCancelled();
            predicted[k] = model.predict(s.test(), test.size());
            truth[k] = labelsOf(classIndex, test);
        }
        return new Classified(truth, predicted, iterations, capped);
    }

    private static List<Integer> rowsOf(int[] fold, int k, boolean inFold) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < fold.length; i++) {
            if ((fold[i] == k) == inFold) {
                rows.add(i);
            }
        }
        return rows;
    }

    /** Stratified assignment: each class's samples, shuffled with the seed, dealt round-robin over the folds. */
    static int[] stratifiedFolds(int[] classIndex, int classes, int folds, long seed) {
        Random rnd = new Random(seed);
        int n = classIndex.length;
        int[] fold = new int[n];
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (classIndex[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, rnd);
            for (int i : members) {
                fold[i] = next++ % folds;
            }
        }
        return fold;
    }

    static int[] shuffledFolds(int n, int folds, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        int[] fold = new int[n];
        for (int p = 0; p < n; p++) {
            fold[order.get(p)] = p % folds;
        }
        return fold;
    }

    private static int[] labelsOf(int[] classIndex, List<Integer> rows) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classIndex[rows.get(i)];
        }
        return out;
    }

    static double accuracy(int[] truth, int[] pred) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == pred[i]) {
                ok++;
            }
        }
        return (double) ok / truth.length;
    }

    /** Mean over the classes present in the fold's truth or predictions of the per-class F1. */
    static double macroF1(int[] truth, int[] pred, int classes) {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < truth.length; i++) {
                if (pred[i] == c && truth[i] == c) {
                    tp++;
                } else if (pred[i] == c) {
                    fp++;
                } else if (truth[i] == c) {
                    fn++;
                }
            }
            if (tp + fp + fn > 0) {
                sum += 2.0 * tp / (2.0 * tp + fp + fn);
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private static double ridge(Standardised s, double[] y, List<Integer> train, List<Integer> test, double l2) {
        int d = s.cols();
        int nt = train.size();
        double my = 0;
        for (int i : train) {
            my += y[i];
        }
        my /= nt;
        LinearAlgebra la = LinearAlgebraBackends.select("auto");
        double[] gram = la.gramOfColumns(s.train(), nt, d);
        for (int j = 0; j < d; j++) {
            gram[j * d + j] += l2 > 0 ? l2 : 1e-10;
        }
        double[] rhs = new double[d];
        for (int r = 0; r < nt; r++) {
            double t = y[train.get(r)] - my;
            for (int j = 0; j < d; j++) {
                rhs[j] += s.train()[r * d + j] * t;
            }
        }
        if (!la.choleskyLower(gram, d)) {
            throw new ArithmeticException("ridge normal equations are not positive definite; raise option l2");
        }
        la.solveLowerInPlace(gram, d, rhs, 1);
        // back substitution with Lᵀ
        for (int i = d - 1; i >= 0; i--) {
            double v = rhs[i];
            for (int k = i + 1; k < d; k++) {
                v -= gram[k * d + i] * rhs[k];
            }
            rhs[i] = v / gram[i * d + i];
        }
        double[] pred = new double[test.size()];
        double[] truth = new double[test.size()];
        for (int r = 0; r < pred.length; r++) {
            double v = my;
            for (int j = 0; j < d; j++) {
                v += s.test()[r * d + j] * rhs[j];
            }
            pred[r] = v;
            truth[r] = y[test.get(r)];
        }
        return Correlations.pearson(truth, pred);
    }

    /** Train and test rows, standardised with the training rows' mean and deviation (deviation 0 → 1). */
    record Standardised(double[] train, double[] test, int cols) {
        static Standardised of(float[] x, int d, List<Integer> trainRows, List<Integer> testRows) {
            double[] mean = new double[d];
            double[] sq = new double[d];
            for (int i : trainRows) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[i * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= trainRows.size();
            }
            for (int i : trainRows) {
                for (int j = 0; j < d; j++) {
                    double v = x[i * d + j] - mean[j];
                    sq[j] += v * v;
                }
            }
            double[] inv = new double[d];
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(sq[j] / trainRows.size());
                inv[j] = sd > 0 ? 1.0 / sd : 1.0;
            }
            return new Standardised(take(x, d, trainRows, mean, inv), take(x, d, testRows, mean, inv), d);
        }

        private static double[] take(float[] x, int d, List<Integer> rows, double[] mean, double[] inv) {
            double[] out = new double[rows.size() * d];
            for (int r = 0; r < rows.size(); r++) {
                int i = rows.get(r);
                for (int j = 0; j < d; j++) {
                    out[r * d + j] = (x[i * d + j] - mean[j]) * inv[j];
                }
            }
            return out;
        }
    }
}
