package lmwb.analysis.redundancy;

import java.util.Random;
import java.util.stream.IntStream;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.common.stats.Correlations;

/**
 * The probe of Dalvi et al. (2020) / NeuroX: a linear layer with bias trained with Adam on
 * {@code loss + λ1·Σ|W| + λ2·||W||_F} (the Frobenius norm, not squared; the bias is not penalised), where the
 * loss is the mean cross-entropy of a softmax over classes, or the mean squared error for the regression
 * variant (one output). Weights and bias start uniform in {@code ±1/sqrt(d)} as a PyTorch {@code Linear}
 * does, and the batches are drawn from a seeded shuffle, so a probe is a pure function of data, settings
 * and seed.
 */
public final class LinearProbe {
    /**
     * Training settings.
     *
     * @param lambda1 L1 penalty weight
     * @param lambda2 Frobenius-norm penalty weight
     * @param learningRate Adam step size
     * @param epochs passes over the data
     * @param batchSize samples per step
     * @param seed seed for initialisation and shuffling
     */
    public record Settings(double lambda1, double lambda2, double learningRate, int epochs, int batchSize, long seed) {
        /** The paper's settings: λ1 = λ2 = 1e-5, Adam lr 1e-3, 10 epochs, batch 128, seed 42. */
        public static final Settings PAPER = new Settings(1e-5, 1e-5, 1e-3, 10, 128, 42L);

        /** Validates the settings. */
        public Settings {
            if (!(lambda1 >= 0) || !(lambda2 >= 0)) {
                throw new IllegalArgumentException("probe penalties must be >= 0, got lambda1=" + lambda1 + " lambda2="
                        + lambda2);
            }
            if (!(learningRate > 0) || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("probe needs learningRate > 0, epochs >= 1, batchSize >= 1; got "
                        + learningRate + ", " + epochs + ", " + batchSize);
            }
        }

        /**
         * @param newEpochs epochs
         * @return a copy
         */
        public Settings withEpochs(int newEpochs) {
            return new Settings(lambda1, lambda2, learningRate, newEpochs, batchSize, seed);
        }

        /**
         * @param newSeed seed
         * @return a copy
         */
        public Settings withSeed(long newSeed) {
            return new Settings(lambda1, lambda2, learningRate, epochs, batchSize, newSeed);
        }
    }

    private final boolean regression;
    private final int outputs;
    private final int features;
    private final double[][] weights;
    private final double[] bias;

    private LinearProbe(boolean regression, double[][] weights, double[] bias) {
        this.regression = regression;
        this.outputs = weights.length;
        this.features = weights.length == 0 ? 0 : weights[0].length;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Trains a probe.
     *
     * @param x N × d features
     * @param y N labels: class ids (softmax probe) or regression targets (one output, MSE)
     * @param settings training settings
     * @return the trained probe
     */
    public static LinearProbe train(FloatMatrix x, Labels y, Settings settings) {
        int n = x.rows();
        int d = x.cols();
        if (y.size() != n) {
            throw new IllegalArgumentException(n + " feature rows but " + y.size() + " labels");
        }
        if (n == 0 || d == 0) {
            throw new IllegalArgumentException("cannot train a probe on an empty matrix (" + n + " x " + d + ")");
        }
        boolean regression = y.isRegression();
        int c = regression ? 1 : Math.max(2, y.classCount());
        int[] classes = regression ? null : y.classIds();
        double[] targets = regression ? y.values() : null;
        float[] data = x.toArray();
        Random random = new Random(settings.seed());
        double bound = 1.0 / Math.sqrt(d);
        double[][] w = new double[c][d];
        double[] b = new double[c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < d; j++) {
                w[k][j] = (2 * random.nextDouble() - 1) * bound;
            }
        }
        for (int k = 0; k < c; k++) {
            b[k] = (2 * random.nextDouble() - 1) * bound;
        }
        double[][] mW = new double[c][d];
        double[][] vW = new double[c][d];
        double[] mB = new double[c];
        double[] vB = new double[c];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        int[] order = IntStream.range(0, n).toArray();
        long step = 0;
        int bs = settings.batchSize();
        double[][] delta = new double[bs][c];
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            shuffle(order, random);
            for (int from = 0; from < n; from += bs) {
                int m = Math.min(bs, n - from);
                int start = from;
                // Forward: logits and dLoss/dLogits per sample.
                IntStream.range(0, m).parallel().forEach(r -> {
                    int row = order[start + r];
                    int off = row * d;
                    double[] out = delta[r];
                    for (int k = 0; k < c; k++) {
                        out[k] = b[k] + dot(w[k], data, off);
                    }
                    if (regression) {
                        out[0] = 2 * (out[0] - targets[row]) / m;
                    } else {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int k = 0; k < c; k++) {
                            max = Math.max(max, out[k]);
                        }
                        double z = 0;
                        for (int k = 0; k < c; k++) {
                            out[k] = Math.exp(out[k] - max);
                            z += out[k];
                        }
                        for (int k = 0; k < c; k++) {
                            out[k] = out[k] / z / m;
                        }
                        out[classes[row]] -= 1.0 / m;
                    }
                });
                double norm = 0;
                for (double[] wk : w) {
                    for (double v : wk) {
                        norm += v * v;
                    }
                }
                norm = Math.sqrt(norm);
                double l2 = norm > 0 ? settings.lambda2() / norm : 0;
                step++;
                double c1 = 1 - Math.pow(beta1, step);
                double c2 = 1 - Math.pow(beta2, step);
                double lr = settings.learningRate();
                IntStream.range(0, c).parallel().forEach(k -> {
                    double[] g = new double[d];
                    double gb = 0;
                    for (int r = 0; r < m; r++) {
                        double dk = delta[r][k];
                        if (dk == 0) {
                            continue;
                        }
                        gb += dk;
                        int off = order[start + r] * d;
                        for (int j = 0; j < d; j++) {
                            g[j] += dk * data[off + j];
                        }
                    }
                    double[] wk = w[k];
                    double[] mk = mW[k];
                    double[] vk = vW[k];
                    for (int j = 0; j < d; j++) {
                        double gj = g[j] + settings.lambda1() * Math.signum(wk[j]) + l2 * wk[j];
                        mk[j] = beta1 * mk[j] + (1 - beta1) * gj;
                        vk[j] = beta2 * vk[j] + (1 - beta2) * gj * gj;
                        wk[j] -= lr * (mk[j] / c1) / (Math.sqrt(vk[j] / c2) + eps);
                    }
                    mB[k] = beta1 * mB[k] + (1 - beta1) * gb;
                    vB[k] = beta2 * vB[k] + (1 - beta2) * gb * gb;
                    b[k] -= lr * (mB[k] / c1) / (Math.sqrt(vB[k] / c2) + eps);
                });
            }
        }
        return new LinearProbe(regression, w, b);
    }

    /** @return whether this is the regression variant */
    public boolean isRegression() {
        return regression;
    }

    /** @return the number of input features */
    public int features() {
        return features;
    }

    /** @return a copy of the weights, outputs × features */
    public double[][] weights() {
        double[][] copy = new double[outputs][];
        for (int k = 0; k < outputs; k++) {
            copy[k] = weights[k].clone();
        }
        return copy;
    }

    /**
     * @param x N × d features
     * @return the raw outputs, N × outputs
     */
    public double[][] outputs(FloatMatrix x) {
        if (x.cols() != features) {
            throw new IllegalArgumentException("probe was trained on " + features + " features, got " + x.cols());
        }
        int n = x.rows();
        float[] data = x.toArray();
        double[][] out = new double[n][outputs];
        IntStream.range(0, n).parallel().forEach(i -> {
            int off = i * features;
            for (int k = 0; k < outputs; k++) {
                out[i][k] = bias[k] + dot(weights[k], data, off);
            }
        });
        return out;
    }

    /**
     * The probe's score on labelled data: accuracy for classification, Pearson's r for regression. A constant
     * prediction has no correlation ({@link Correlations} gives NaN); it scores 0 here, so the pruning
     * pipeline's comparisons of dev scores stay ordered.
     *
     * @param x N × d features
     * @param y N labels
     * @return the score
     */
    public double score(FloatMatrix x, Labels y) {
        double[][] out = outputs(x);
        if (regression) {
            double[] pred = new double[out.length];
            for (int i = 0; i < out.length; i++) {
                pred[i] = out[i][0];
            }
            double r = Correlations.pearson(pred, y.values());
            return Double.isNaN(r) ? 0 : r;
        }
        int[] ids = y.classIds();
        int correct = 0;
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (out[i][k] > out[i][best]) {
                    best = k;
                }
            }
            correct += best == ids[i] ? 1 : 0;
        }
        return out.length == 0 ? Double.NaN : (double) correct / out.length;
    }

    /** Dot product of a weight row with one feature row, four accumulators for instruction-level parallelism. */
    private static double dot(double[] w, float[] data, int off) {
        int d = w.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += w[j] * data[off + j];
            s1 += w[j + 1] * data[off + j + 1];
            s2 += w[j + 2] * data[off + j + 2];
            s3 += w[j + 3] * data[off + j + 3];
        }
        for (; j < d; j++) {
            s0 += w[j] * data[off + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
