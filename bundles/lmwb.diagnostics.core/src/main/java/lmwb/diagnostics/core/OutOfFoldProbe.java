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
 * inside the training folds (the path is fitted from the strongest penalty down, each fit starting from the
 * previous one, and stops once the inner log-loss has risen twice in a row), so the probabilities are
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

    private static Choice choose(float[] values, int d, List<Integer> rows, int[] yRows, int classes, long seed,
            CancellationToken cancel) {
        int[] inner = Folds.stratified(yRows, classes, INNER_FOLDS, seed);
        double[] loss = new double[LAMBDAS.length];
        int tried = LAMBDAS.length;
        double[][][] weights = new double[INNER_FOLDS][LAMBDAS.length][];
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
            double[] start = null;
            int worse = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int l = 0; l < tried; l++) {
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
                loss[l] += ll / yVa.length / INNER_FOLDS;
                if (f == 0) {
                    // the first inner fold decides how far along the path the others go
                    worse = ll / yVa.length < best ? 0 : worse + 1;
                    best = Math.min(best, ll / yVa.length);
                    if (worse == 2) {
                        tried = l + 1;
                        break;
                    }
                }
            }
        }
        int bestL = 0;
        for (int l = 1; l < tried; l++) {
            if (loss[l] < loss[bestL]) {
                bestL = l;
            }
        }
        return new Choice(LAMBDAS[bestL], weights[0][bestL]);
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
