package lmwb.diagnostics.difficulty;

import lmwb.diagnostics.core.OutOfFoldProbe;

/**
 * Pointwise V-information (Ethayarajh, Choi, Swayamdipta, ICML 2022, definition 4):
 * PVI(x → y) = −log₂ g[∅](y) + log₂ g′[x](y), where g′ is the probe trained on (x, y) and g the one trained on
 * (∅, y) — for a softmax probe with no input, the label distribution of its training data. Both are the
 * out-of-fold models: for an example of fold k, g′ and g were fitted on the other folds.
 */
public final class PointwiseInformation {
    private PointwiseInformation() {
    }

    /**
     * @param probe held-out probabilities of the probe with input
     * @param labels the labels
     * @return PVI per example, in bits
     */
    public static double[] pvi(OutOfFoldProbe.Result probe, int[] labels) {
        int n = labels.length;
        int classes = probe.classes();
        int folds = 0;
        for (int f : probe.fold()) {
            folds = Math.max(folds, f + 1);
        }
        double[][] prior = new double[folds][classes];
        int[] total = new int[folds];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < folds; k++) {
                if (probe.fold()[i] != k) {
                    prior[k][labels[i]]++;
                    total[k]++;
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int k = probe.fold()[i];
            double g0 = prior[k][labels[i]] / total[k];
            out[i] = -log2(g0) + log2(Math.max(probe.p(i, labels[i]), Double.MIN_NORMAL));
        }
        return out;
    }

    /**
     * @param labels labels
     * @param classes number of classes
     * @return the entropy of the label distribution in bits, the V-information's upper bound
     */
    public static double labelEntropy(int[] labels, int classes) {
        double[] c = new double[classes];
        for (int l : labels) {
            c[l]++;
        }
        double h = 0;
        for (double v : c) {
            if (v > 0) {
                double q = v / labels.length;
                h -= q * log2(q);
            }
        }
        return h;
    }

    /**
     * @param v values
     * @return their mean
     */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
