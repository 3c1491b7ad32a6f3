package lmwb.diagnostics.core;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;

/**
 * Held-out probabilities for every example from a seeded stratified k-fold linear probe ({@link SoftmaxProbe}) on
 * features standardised with the training folds' mean and deviation. In each outer fold the penalty λ is chosen
 * from {@link #LAMBDAS} by the mean log-loss of an inner stratified {@value #INNER_FOLDS}-fold cross-validation
 * inside the training folds (the first inner fold fits the path from the strongest penalty down, each fit starting
 * from the previous one, until its log-loss rises; the other inner folds check the first fold's best penalty and
 * its two neighbours, and the lowest mean log-loss of those three is chosen), so the probabilities are
 * calibrated: an over-fitted probe would give confident wrong answers, and PVI, a log-likelihood, would turn
 * large and negative. Folds run in parallel; the result does not depend on their order.
 */
public final class OutOfFoldProbe {
    /** The penalties tried (per example; strongest first). */
    public static final double[] LAMBDAS = {1, 0.3, 0.1, 0.03, 0.01, 3e-3, 1e-3, 3e-4, 1e-4};
    /** Inner folds of the penalty choice. */
    public static final int INNER_FOLDS = 3;
    /** L-BFGS iterations at most per fit. */
    public static final int MAX_ITER = 200;
    /**
     * Relative loss decrease below which a fit stops: the mean log-loss is then settled to about 1e-7 nats, far
     * below what PVI (in bits) or a ranking of probabilities can show.
     */
    public static final double TOLERANCE = 1e-7;

    private OutOfFoldProbe() {
    }

    /**
     * Out-of-fold probabilities and the penalty chosen in each fold.
     *
     * @param probabilities N × C, row-major
     * @param classes C
     * @param lambdas the penalty chosen in each outer fold
     * @param fold each example's outer fold
     */
    public record Result(double[] probabilities, int classes, double[] lambdas, int[] fold) {
        /**
         * @param i an example
         * @param c a class
         * @return p(c | x_i), held out
         */
        public double p(int i, int c) {
            return probabilities[i * classes + c];
        }

        /** @return the probabilities as an N × C matrix of rows */
        public double[][] rows() {
            int n = probabilities.length / classes;
            double[][] out = new double[n][classes];
            for (int i = 0; i < n; i++) {
                System.arraycopy(probabilities, i * classes, out[i], 0, classes);
            }
            return out;
        }
    }

    /**
     * @param x the features (N × D)
     * @param y class per example (every class with at least 2 examples)
     * @param classes number of classes
     * @param folds outer folds
     * @param seed the seed of the folds
     * @param cancel polled between fits
     * @return held-out probabilities for every example
     */
    public static Result run(FloatMatrix x, int[] y, int classes, int folds, long seed, CancellationToken cancel) {
        int n = x.rows();
        if (y.length != n) {
            throw new IllegalArgumentException(n + " feature rows but " + y.length + " labels");
        }
        int[] fold = Folds.stratified(y, classes, folds, seed);
        double[] probs = new double[n * classes];
        double[] lambdas = new double[folds];
        float[] values = x.toArray();
        int d = x.cols();
        IntStream.range(0, folds).parallel().forEach(k -> {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == k ? test : train).add(i);
            }
            if (test.isEmpty()) {
                return;
            }
            int[] yTrain = select(y, train);
            Choice choice = choose(values, d, train, yTrain, classes, seed + 1 + k, cancel);
            lambdas[k] = choice.lambda();
            double[][] s = standardise(values, d, train, test);
            SoftmaxProbe probe = new SoftmaxProbe(s[0], train.size(), d, yTrain, classes, choice.lambda(), choice.start());
            probe.fit(MAX_ITER, TOLERANCE, cancel);
            double[] p = probe.probabilities(s[1], test.size());
            for (int r = 0; r < test.size(); r++) {
                System.arraycopy(p, r * classes, probs, test.get(r) * classes, classes);
            }
        });
        cancel.throwIfCancelled();
        return new Result(probs, classes, lambdas, fold);
    }

    /** The chosen penalty and a good starting point for the final fit (the first inner fold's weights at it). */
    private record Choice(double lambda, double[] start) {
    }

    /**
     * The penalty of one outer fold. The first inner fold fits the path from the strongest penalty down (each fit
     * warm-started from the previous one) until its validation log-loss rises; the other inner folds then fit only
     * the first fold's best penalty and its two neighbours on the grid, warm-started from the first fold's weights
     * at the stronger neighbour (the inner training sets share half their rows); the penalty of the lowest mean
     * log-loss over the inner folds among those candidates is chosen.
     */
    private static Choice choose(float[] values, int d, List<Integer> rows, int[] yRows, int classes, long seed,
            CancellationToken cancel) {
        int[] inner = Folds.stratified(yRows, classes, INNER_FOLDS, seed);
        double[][] losses = new double[INNER_FOLDS][LAMBDAS.length];
        double[][][] weights = new double[INNER_FOLDS][LAMBDAS.length][];
        int from = 0;
        int to = LAMBDAS.length - 1;
        for (int f = 0; f < INNER_FOLDS; f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> va = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                (inner[r] == f ? va : tr).add(r);
            }
            List<Integer> trRows = tr.stream().map(rows::get).toList();
            List<Integer> vaRows = va.stream().map(rows::get).toList();
            int[] yTr = select(yRows, tr);
            int[] yVa = select(yRows, va);
            double[][] s = standardise(values, d, trRows, vaRows);
            double[] start = f == 0 ? null : weights[0][from];
            int best = -1;
            for (int l = from; l <= to; l++) {
                cancel.throwIfCancelled();
                SoftmaxProbe probe = new SoftmaxProbe(s[0], trRows.size(), d, yTr, classes, LAMBDAS[l], start);
                probe.fit(MAX_ITER, TOLERANCE, cancel);
                start = probe.weights();
                weights[f][l] = start;
                double[] p = probe.probabilities(s[1], vaRows.size());
                double ll = 0;
                for (int r = 0; r < yVa.length; r++) {
                    ll -= Math.log(Math.max(p[r * classes + yVa[r]], 1e-300));
                }
                losses[f][l] = ll / yVa.length;
                if (f == 0) {
                    if (best >= 0 && losses[0][l] >= losses[0][best]) {
                        break; // the path has turned: weaker penalties over-fit more
                    }
                    best = l;
                }
            }
            if (f == 0) {
                from = Math.max(0, best - 1);
                to = Math.min(LAMBDAS.length - 1, best + 1);
                to = Math.min(to, lastFitted(weights[0]));
            }
        }
        int bestL = from;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int l = from; l <= to; l++) {
            double mean = 0;
            for (int f = 0; f < INNER_FOLDS; f++) {
                mean += losses[f][l] / INNER_FOLDS;
            }
            if (mean < bestLoss) {
                bestLoss = mean;
                bestL = l;
            }
        }
        return new Choice(LAMBDAS[bestL], weights[0][bestL]);
    }

    private static int lastFitted(double[][] path) {
        int last = 0;
        for (int l = 0; l < path.length; l++) {
            if (path[l] != null) {
                last = l;
            }
        }
        return last;
    }

    private static int[] select(int[] v, List<Integer> rows) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[rows.get(i)];
        }
        return out;
    }

    /** @return {train, test} rows standardised with the training rows' mean and deviation (deviation 0 → 1) */
    static double[][] standardise(float[] x, int d, List<Integer> trainRows, List<Integer> testRows) {
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
        return new double[][] {take(x, d, trainRows, mean, inv), take(x, d, testRows, mean, inv)};
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
