package lmwb.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Evaluation metrics: accuracy, macro and micro F1, Matthews correlation (multi-class R_K), Pearson and
 * Spearman correlation, and span-level F1 for BIO tags (a span counts when its type, start and end all
 * match).
 */
final class Metrics {
    /** Metric names in the order they are reported. */
    static final List<String> CLASSIFICATION = List.of("accuracy", "macro_f1", "micro_f1", "mcc");
    static final List<String> REGRESSION = List.of("pearson", "spearman", "mse");

    private Metrics() {
    }

    static double accuracy(int[] gold, int[] pred) {
        check(gold.length, pred.length);
        int ok = 0;
        for (int i = 0; i < gold.length; i++) {
            ok += gold[i] == pred[i] ? 1 : 0;
        }
        return (double) ok / gold.length;
    }

    /** Macro F1 over the classes present in gold or predictions; a class with no support and no prediction is skipped. */
    static double macroF1(int[] gold, int[] pred, int classes) {
        check(gold.length, pred.length);
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == pred[i]) {
                tp[gold[i]]++;
            } else {
                fp[pred[i]]++;
                fn[gold[i]]++;
            }
        }
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            if (tp[c] + fp[c] + fn[c] == 0) {
                continue;
            }
            sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Micro F1 of single-label classification, which equals accuracy. */
    static double microF1(int[] gold, int[] pred) {
        return accuracy(gold, pred);
    }

    /** Matthews correlation, Gorodkin's multi-class R_K; 0 when undefined (a constant prediction or gold). */
    static double mcc(int[] gold, int[] pred, int classes) {
        check(gold.length, pred.length);
        double[][] cm = new double[classes][classes];
        for (int i = 0; i < gold.length; i++) {
            cm[gold[i]][pred[i]]++;
        }
        double s = gold.length;
        double c = 0;
        double[] t = new double[classes];
        double[] p = new double[classes];
        for (int k = 0; k < classes; k++) {
            c += cm[k][k];
            for (int l = 0; l < classes; l++) {
                t[k] += cm[k][l];
                p[k] += cm[l][k];
            }
        }
        double tp = 0;
        double pp = 0;
        double tt = 0;
        for (int k = 0; k < classes; k++) {
            tp += t[k] * p[k];
            pp += p[k] * p[k];
            tt += t[k] * t[k];
        }
        double den = Math.sqrt(s * s - pp) * Math.sqrt(s * s - tt);
        return den == 0 ? 0 : (c * s - tp) / den;
    }

    static double pearson(double[] gold, double[] pred) {
        check(gold.length, pred.length);
        double r = new PearsonsCorrelation().correlation(gold, pred);
        return Double.isNaN(r) ? 0 : r;
    }

    static double spearman(double[] gold, double[] pred) {
        check(gold.length, pred.length);
        double r = new SpearmansCorrelation().correlation(gold, pred);
        return Double.isNaN(r) ? 0 : r;
    }

    static double mse(double[] gold, double[] pred) {
        check(gold.length, pred.length);
        double s = 0;
        for (int i = 0; i < gold.length; i++) {
            s += (gold[i] - pred[i]) * (gold[i] - pred[i]);
        }
        return s / gold.length;
    }

    /**
     * Span-level (entity) F1 over sentences of BIO tags: spans start at {@code B-X}, or at an {@code I-X}
     * that does not continue a span of type X (the conlleval convention), and continue over {@code I-X}.
     * Tags without a {@code B-}/{@code I-} prefix are treated as their own single-type spans unless
     * {@code O}.
     *
     * @param gold per sentence the gold tag names
     * @param pred per sentence the predicted tag names
     * @return micro F1 over spans; 0 when there are no spans at all
     */
    static double spanF1(List<List<String>> gold, List<List<String>> pred) {
        check(gold.size(), pred.size());
        long tp = 0;
        long nGold = 0;
        long nPred = 0;
        for (int s = 0; s < gold.size(); s++) {
            var g = spans(gold.get(s));
            var p = spans(pred.get(s));
            nGold += g.size();
            nPred += p.size();
            for (String x : p) {
                if (g.contains(x)) {
                    tp++;
                }
            }
        }
        if (nGold + nPred == 0) {
            return 0;
        }
        return 2.0 * tp / (nGold + nPred);
    }

    static java.util.Set<String> spans(List<String> tags) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            String t = i < tags.size() ? tags.get(i) : "O";
            String prefix;
            String ty;
            if (t.equals("O")) {
                prefix = "O";
                ty = null;
            } else if (t.startsWith("B-") || t.startsWith("I-")) {
                prefix = t.substring(0, 1);
                ty = t.substring(2);
            } else {
                prefix = "B";
                ty = t;
            }
            boolean continues = prefix.equals("I") && type != null && type.equals(ty);
            if (!continues && type != null) {
                out.add(type + "@" + start + "-" + (i - 1));
                type = null;
            }
            if (!continues && ty != null) {
                type = ty;
                start = i;
            }
        }
        return out;
    }

    /**
     * @param gold class ids
     * @param pred predicted ids
     * @param classes number of classes
     * @return every classification metric
     */
    static Map<String, Double> classification(int[] gold, int[] pred, int classes) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy(gold, pred));
        m.put("macro_f1", macroF1(gold, pred, classes));
        m.put("micro_f1", microF1(gold, pred));
        m.put("mcc", mcc(gold, pred, classes));
        return m;
    }

    /**
     * @param gold targets
     * @param pred predictions
     * @return every regression metric
     */
    static Map<String, Double> regression(double[] gold, double[] pred) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pearson", pearson(gold, pred));
        m.put("spearman", spearman(gold, pred));
        m.put("mse", mse(gold, pred));
        return m;
    }

    /**
     * @param values samples
     * @return {mean, sample standard deviation (0 for one value)}
     */
    static double[] meanStd(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        if (values.length < 2) {
            return new double[] {mean, 0};
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (values.length - 1))};
    }

    /** @return whether higher is better for the metric */
    static boolean higherIsBetter(String metric) {
        return !metric.equals("mse");
    }

    private static void check(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(a + " gold values but " + b + " predictions");
        }
        if (a == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
    }
}
