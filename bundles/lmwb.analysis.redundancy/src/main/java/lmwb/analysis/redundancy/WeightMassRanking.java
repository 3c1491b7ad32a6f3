package lmwb.analysis.redundancy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Neuron ranking by probe-weight mass (Dalvi et al., 2019/2020; NeuroX {@code get_neuron_ordering}): for
 * p = 0, 1/stride, …, 1 and each class c, take the shortest prefix of the neurons sorted by |W[c]|
 * descending whose |W[c]| sum reaches ≥ p of the class's total mass; the union over classes, in order of
 * first appearance (classes in id order, each prefix in weight order), is the ranking. Neurons with zero
 * weight in every class come last, in index order.
 */
public final class WeightMassRanking {
    /** The paper's search stride: p in steps of 0.001. */
    public static final int PAPER_STRIDE = 1000;

    private WeightMassRanking() {
    }

    /**
     * @param weights outputs × neurons probe weights
     * @param stride number of steps between p = 0 and p = 1
     * @return a permutation of the neurons, most important first
     */
    public static int[] order(double[][] weights, int stride) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no probe weights to rank");
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        int c = weights.length;
        int d = weights[0].length;
        Integer[][] sorted = new Integer[c][];
        double[][] cumulative = new double[c][d];
        double[] total = new double[c];
        for (int k = 0; k < c; k++) {
            double[] a = Arrays.stream(weights[k]).map(Math::abs).toArray();
            if (a.length != d) {
                throw new IllegalArgumentException("weight rows differ in length: " + a.length + " vs " + d);
            }
            Integer[] idx = IntStream.range(0, d).boxed().toArray(Integer[]::new);
            Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -a[i]).thenComparingInt(i -> i));
            sorted[k] = idx;
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += a[idx[i]];
                cumulative[k][i] = s;
            }
            total[k] = s;
        }
        boolean[] seen = new boolean[d];
        int[] order = new int[d];
        int count = 0;
        int[] taken = new int[c];
        for (int step = 0; step <= stride; step++) {
            double p = (double) step / stride;
            for (int k = 0; k < c; k++) {
                int length = prefixLength(cumulative[k], p * total[k]);
                for (int i = taken[k]; i < length; i++) {
                    int neuron = sorted[k][i];
                    if (!seen[neuron]) {
                        seen[neuron] = true;
                        order[count++] = neuron;
                    }
                }
                taken[k] = Math.max(taken[k], length);
            }
        }
        for (int i = 0; i < d; i++) {
            if (!seen[i]) {
                order[count++] = i;
            }
        }
        return order;
    }

    private static int prefixLength(double[] cumulative, double target) {
        if (target <= 0) {
            return 0;
        }
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= target) {
                return i + 1;
            }
        }
        // Rounding can leave the full sum a hair below p = 1 of the total: the whole list reaches it.
        return cumulative.length;
    }
}
