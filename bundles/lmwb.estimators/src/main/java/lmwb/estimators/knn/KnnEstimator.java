package lmwb.estimators.knn;

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
import lmwb.estimators.common.OptionValues;
import lmwb.estimators.linalg.LinearAlgebra;
import lmwb.estimators.linalg.LinearAlgebraBackends;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Leave-one-out k-nearest-neighbour estimator, as TransformerRanker's {@code NearestNeighbors}: majority vote
 * (a tie goes to the smallest label); with more than two classes the score is the accuracy, with two classes
 * the F1 of label 1 (labels must be 0/1); for regression the Pearson correlation of the targets with the mean
 * target of the k neighbours.
 *
 * <p>Options: {@code k} (default 3), {@code metric=euclidean|cosine}, {@code float32-quirks=true|false}
 * (false: the F1/accuracy is returned in float64 instead of rounded to float32 like the reference),
 * {@code backend=auto|native|java}.
 */
@Component(service = Estimator.class, property = Estimator.NAME + "=" + KnnEstimator.NAME)
public final class KnnEstimator implements Estimator {
    /** The estimator's name. */
    public static final String NAME = "knn";
    private static final Set<String> OPTIONS = Set.of("k", "metric", "float32-quirks", "backend");

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
        return "leave-one-out k-nearest-neighbour accuracy (binary: F1 of label 1; regression: Pearson r)";
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.allOf(TaskType.class);
    }

    /** Also: leave-one-out kNN needs {@code k} neighbours besides each sample, so at least k + 1 samples. */
    @Override
    public Optional<String> checkLabels(Labels labels, EstimatorOptions options) {
        Optional<String> common = EstimatorInput.checkLabels(NAME, labels, options, OPTIONS, 1, "");
        if (common.isPresent()) {
            return common;
        }
        int k;
        try {
            k = OptionValues.intInRange(options, "k", 3, 1, Integer.MAX_VALUE - 1);
        } catch (IllegalArgumentException e) {
            return Optional.of(NAME + ": " + e.getMessage());
        }
        return labels.size() > k ? Optional.empty() : Optional.of(NAME + ": k=" + k + " needs at least " + (k + 1)
                + " samples (k neighbours besides each one), got " + labels.size() + "; use more data or a smaller k "
                + "(--options k=...)");
    }

    @Override
    public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        options.requireOnly(NAME, OPTIONS);
        EstimatorInput in = EstimatorInput.of(NAME, embeddings, labels);
        int n = in.rows();
        int k = OptionValues.intInRange(options, "k", 3, 1, n - 1);
        boolean cosine = OptionValues.choice(options, "metric", "euclidean", Set.of("euclidean", "cosine")).equals("cosine");
        boolean quirks = options.getBoolean("float32-quirks", true);
        LinearAlgebra la = LinearAlgebraBackends.select(options.getString("backend", "auto"));
        if (!in.isRegression() && in.classCount() == 2) {
            in.requireBinaryZeroOne("binary kNN is scored by the F1 of label 1");
        }
        int[] nn = NearestNeighbours.find(in.values(), n, in.cols(), k, cosine, la, cancel);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("k", (double) k);
        details.put("cosine", cosine ? 1.0 : 0.0);
        details.put("backend.native", la.isNative() ? 1.0 : 0.0);
        double value = in.isRegression() ? regression(in.labels().values(), nn, k)
                : classification(in.classIds(), in.classCount(), nn, k, quirks, details);
        return new Score(NAME, value, details);
    }

    private static double classification(int[] y, int classes, int[] nn, int k, boolean quirks, Map<String, Double> details) {
        int n = y.length;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int correct = 0;
        int[] votes = new int[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                votes[j] = y[nn[i * k + j]];
            }
            int pred = majoritySmallest(votes);
            if (pred == y[i]) {
                correct++;
            }
            if (classes == 2) {
                if (pred == 1 && y[i] == 1) {
                    tp++;
                } else if (pred == 1) {
                    fp++;
                } else if (y[i] == 1) {
                    fn++;
                }
            }
        }
        details.put("correct", (double) correct);
        details.put("accuracy", (double) correct / n);
        if (classes > 2) {
            tp = correct;
            fp = n - correct;
            fn = n - correct;
        } else {
            details.put("tp", (double) tp);
            details.put("fp", (double) fp);
            details.put("fn", (double) fn);
        }
        if (quirks) {
            // torchmetrics computes 2TP / (2TP + FN + FP) in float32
            float num = 2f * tp;
            float den = num + fn + fp;
            return den == 0f ? 0.0 : (double) (num / den);
        }
        double den = 2.0 * tp + fn + fp;
        return den == 0 ? 0.0 : 2.0 * tp / den;
    }

    /** The most frequent value; among equally frequent ones the smallest (torch.mode on CPU). */
    static int majoritySmallest(int[] votes) {
        int[] sorted = votes.clone();
        java.util.Arrays.sort(sorted);
        int best = sorted[0];
        int bestCount = 0;
        for (int i = 0; i < sorted.length;) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }

    private static double regression(double[] y, int[] nn, int k) {
        int n = y.length;
        double[] pred = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += y[nn[i * k + j]];
            }
            pred[i] = s / k;
        }
        return pearson(y, pred);
    }

    /** Pearson correlation as numpy's corrcoef computes it (centred covariance, then divided by both deviations). */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            saa += da * da;
            sbb += db * db;
            sab += da * db;
        }
        double c = (sab / (n - 1)) / Math.sqrt(saa / (n - 1)) / Math.sqrt(sbb / (n - 1));
        return Double.isNaN(c) ? c : Math.max(-1.0, Math.min(1.0, c));
    }
}
