package lmwb.diagnostics.labelissues;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import lmwb.api.diagnostics.IssueRanking;
import lmwb.api.diagnostics.LabelIssueMethod;

/**
 * Confident learning (Northcutt, Jiang, Chuang, JAIR 2021) on out-of-sample probabilities P (N × C) and given
 * labels s, written from the paper and cleanlab's documentation:
 * <ul>
 * <li>per-class thresholds t_j = mean of P[i][j] over the examples labelled j;</li>
 * <li>the confident joint C[i][j]: the examples labelled i whose confident classes {j : P[x][j] ≥ t_j − 1e-6} are
 *     not empty, counted under the most probable of those classes (cleanlab takes the overall argmax when several
 *     classes are confident; the paper and this class take the argmax among the confident ones);</li>
 * <li>calibration: each row scaled to the number of examples labelled i, the whole to N, rounded preserving row
 *     totals;</li>
 * <li>the filters of {@link LabelIssueMethod}, keeping at least one example of every given class, and the
 *     rankings of {@link IssueRanking}.</li>
 * </ul>
 */
public final class ConfidentLearning {
    private final double[][] p;
    private final int[] s;
    private final int n;
    private final int classes;
    private final double[] thresholds;
    private final int[] guess;
    private final long[][] joint;
    private final int[] classCounts;

    /**
     * @param probabilities N × C, rows summing to one (checked by the caller)
     * @param labels the given labels, each in [0, C) and every class given at least once (checked by the caller)
     */
    public ConfidentLearning(double[][] probabilities, int[] labels) {
        this.p = probabilities;
        this.s = labels;
        this.n = labels.length;
        this.classes = probabilities[0].length;
        this.classCounts = new int[classes];
        for (int l : labels) {
            classCounts[l]++;
        }
        this.thresholds = new double[classes];
        for (int i = 0; i < n; i++) {
            thresholds[s[i]] += p[i][s[i]];
        }
        for (int j = 0; j < classes; j++) {
            thresholds[j] /= classCounts[j];
        }
        this.guess = new int[n];
        this.joint = new long[classes][classes];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < classes; j++) {
                if (p[i][j] >= thresholds[j] - 1e-6 && (best < 0 || p[i][j] > p[i][best])) {
                    best = j;
                }
            }
            guess[i] = best;
            if (best >= 0) {
                joint[s[i]][best]++;
            }
        }
    }

    /** @return t_j per class */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** @return the uncalibrated confident joint (rows: given, columns: confidently suggested) */
    public long[][] confidentJoint() {
        return copy(joint);
    }

    /** @return the calibrated confident joint, rounded preserving row totals (each row sums to the class's count) */
    public long[][] calibratedJoint() {
        double[][] cal = new double[classes][classes];
        double total = 0;
        for (int i = 0; i < classes; i++) {
            long row = Arrays.stream(joint[i]).sum();
            for (int j = 0; j < classes; j++) {
                cal[i][j] = row == 0 ? 0 : (double) joint[i][j] / row * classCounts[i];
                total += cal[i][j];
            }
        }
        long[][] out = new long[classes][];
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                cal[i][j] = total == 0 ? 0 : cal[i][j] / total * n;
            }
            out[i] = roundPreservingSum(cal[i]);
        }
        return out;
    }

    /**
     * @return ⌊N · (1 − trace(C)/sum(C))⌋ of the uncalibrated confident joint: the number of issues of the
     *     published method
     */
    public int publishedCount() {
        long trace = 0;
        long sum = 0;
        for (int i = 0; i < classes; i++) {
            trace += joint[i][i];
            sum += Arrays.stream(joint[i]).sum();
        }
        return sum == 0 ? 0 : (int) Math.floor(n * (1.0 - (double) trace / sum));
    }

    /**
     * @param i an example
     * @return p_given − max_{k≠given} p_k
     */
    public double margin(int i) {
        return p[i][s[i]] - p[i][bestOther(i)];
    }

    /**
     * @param i an example
     * @return the most probable class other than the given one
     */
    public int bestOther(int i) {
        int best = -1;
        for (int k = 0; k < classes; k++) {
            if (k != s[i] && (best < 0 || p[i][k] > p[i][best])) {
                best = k;
            }
        }
        return best;
    }

    /**
     * @param i an example
     * @param ranking the ranking
     * @return its score (lower = more likely wrong)
     */
    public double score(int i, IssueRanking ranking) {
        return ranking == IssueRanking.SELF_CONFIDENCE ? p[i][s[i]] : margin(i);
    }

    /**
     * @param method the method
     * @param ranking the order of the issues (the published method always orders by the margin)
     * @param calibrate use the calibrated confident joint (not for the published method)
     * @return the issues' indices, most likely wrong first (ties by index)
     */
    public int[] issues(LabelIssueMethod method, IssueRanking ranking, boolean calibrate) {
        IssueRanking order = method == LabelIssueMethod.PUBLISHED ? IssueRanking.NORMALIZED_MARGIN : ranking;
        long[][] c = calibrate ? calibratedJoint() : joint;
        Set<Integer> chosen = switch (method) {
            case PUBLISHED -> lowest(IntStream.range(0, n).boxed().toList(), publishedCount(), i -> margin(i));
            case PRUNE_BY_NOISE_RATE -> pruneByNoiseRate(c);
            case PRUNE_BY_CLASS -> pruneByClass(c);
            case BOTH -> {
                Set<Integer> a = pruneByNoiseRate(c);
                a.retainAll(pruneByClass(c));
                yield a;
            }
            case CONFIDENT_LEARNING -> {
                Set<Integer> off = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    if (guess[i] >= 0 && guess[i] != s[i]) {
                        off.add(i);
                    }
                }
                yield off;
            }
            case PREDICTED_NEQ_GIVEN -> {
                Set<Integer> neq = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    if (argmax(p[i]) != s[i]) {
                        neq.add(i);
                    }
                }
                yield neq;
            }
        };
        return chosen.stream().sorted(Comparator.comparingDouble((Integer i) -> score(i, order)).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** For each off-diagonal cell (i, j): the C[i][j] examples labelled i with the largest p_j − p_i. */
    private Set<Integer> pruneByNoiseRate(long[][] c) {
        long[][] counts = keepOnePerClass(c);
        Set<Integer> out = new LinkedHashSet<>();
        for (int i = 0; i < classes; i++) {
            List<Integer> labelled = labelled(i);
            for (int j = 0; j < classes; j++) {
                if (j == i || counts[i][j] == 0) {
                    continue;
                }
                int jj = j;
                int ii = i;
                out.addAll(lowest(labelled, counts[i][j], x -> -(p[x][jj] - p[x][ii])));
            }
        }
        return out;
    }

    /** For each class i: the Σ_{j≠i} C[i][j] examples labelled i with the lowest p_i. */
    private Set<Integer> pruneByClass(long[][] c) {
        long[][] counts = keepOnePerClass(c);
        Set<Integer> out = new LinkedHashSet<>();
        for (int i = 0; i < classes; i++) {
            long remove = 0;
            for (int j = 0; j < classes; j++) {
                remove += j == i ? 0 : counts[i][j];
            }
            int ii = i;
            out.addAll(lowest(labelled(i), remove, x -> p[x][ii]));
        }
        return out;
    }

    /**
     * Caps the examples removed from each given class at its count minus one (cleanlab keeps at least one example
     * per class), scaling the row's off-diagonal cells down proportionally (floored).
     */
    private long[][] keepOnePerClass(long[][] c) {
        long[][] out = copy(c);
        for (int i = 0; i < classes; i++) {
            long off = 0;
            for (int j = 0; j < classes; j++) {
                off += j == i ? 0 : c[i][j];
            }
            long cap = classCounts[i] - 1L;
            if (off > cap) {
                for (int j = 0; j < classes; j++) {
                    if (j != i) {
                        out[i][j] = (long) Math.floor((double) c[i][j] * cap / off);
                    }
                }
            }
        }
        return out;
    }

    private List<Integer> labelled(int c) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (s[i] == c) {
                out.add(i);
            }
        }
        return out;
    }

    private static Set<Integer> lowest(List<Integer> candidates, long count, java.util.function.IntToDoubleFunction key) {
        return candidates.stream().sorted(Comparator.comparingDouble((Integer i) -> key.applyAsDouble(i)).thenComparingInt(i -> i))
                .limit(Math.max(0, count)).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Floors every value, then adds one to the values with the largest fractional parts until the sum is kept. */
    static long[] roundPreservingSum(double[] v) {
        long[] out = new long[v.length];
        double total = 0;
        long floored = 0;
        for (int k = 0; k < v.length; k++) {
            out[k] = (long) Math.floor(v[k]);
            floored += out[k];
            total += v[k];
        }
        long missing = Math.round(total) - floored;
        Integer[] order = IntStream.range(0, v.length).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -(v[k] - Math.floor(v[k]))).thenComparingInt(k -> k))
                .toArray(Integer[]::new);
        for (int r = 0; r < missing && r < order.length; r++) {
            out[order[r]]++;
        }
        return out;
    }

    private static long[][] copy(long[][] m) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
