package lmwb.common.optim;

import java.util.Objects;
import java.util.stream.IntStream;
import lmwb.common.linalg.DotProduct;

/**
 * Multinomial logistic regression {@code p(c|x) = softmax(W x + b)} fitted by {@link Lbfgs}: the one linear softmax
 * probe of lmwb (the {@code probe} estimator, the diagnostics' out-of-fold probe and PACTran's head). It minimises
 *
 * <pre>
 *   f(W, b) = scale · Σ_i −ln p(y_i | x_i) + penalty/2 · ||W||²        (the bias b is not penalised)
 * </pre>
 *
 * scikit-learn's {@code LogisticRegression(C)} (1.2, lbfgs) is {@code scale = 1, penalty = 1/C}; a mean loss is
 * {@code scale = 1/n}. The minimiser is unique for {@code penalty > 0}.
 *
 * <p>One evaluation is one pass over the rows: each row's logits, softmax and gradient contribution while the row
 * is in cache. The rows are cut into fixed blocks of {@value #BLOCK} whose partial sums are added in block order,
 * so the result is the same whether the blocks run on one thread or on the common fork-join pool (they do when the
 * data is large enough to pay for it). Instances are not thread-safe; separate instances may run concurrently.
 */
public final class SoftmaxRegression {
    /** Rows per block of one evaluation. */
    static final int BLOCK = 256;
    /** Below this many multiply-adds per evaluation (n·d·classes), the blocks run on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 20;
    private final double[] x;
    private final int n;
    private final int d;
    private final int[] y;
    private final int classes;
    private final double scale;
    private final double penalty;
    private final int blocks;
    private final double[][] partialGradient;
    private final double[] partialLoss;
    private final double[][] logits;
    private double[] w;

    /**
     * @param x n × d features, row-major (not copied; not to be changed while this model is used)
     * @param n rows
     * @param d features
     * @param y class per row, in 0..classes−1
     * @param classes number of classes (at least 2)
     * @param scale the factor on the summed cross-entropy (1, or 1/n for the mean)
     * @param penalty the L2 factor on the weights (≥ 0)
     */
    public SoftmaxRegression(double[] x, int n, int d, int[] y, int classes, double scale, double penalty) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != (long) n * d || y.length != n) {
            throw new IllegalArgumentException("x must have n·d = " + (long) n * d + " values and y n = " + n
                    + ", got " + x.length + " and " + y.length);
        }
        if (classes < 2 || !(scale > 0) || !(penalty >= 0) || Double.isInfinite(penalty)) {
            throw new IllegalArgumentException("need at least 2 classes, scale > 0 and a finite penalty >= 0");
        }
        this.x = x;
        this.n = n;
        this.d = d;
        this.y = y;
        this.classes = classes;
        this.scale = scale;
        this.penalty = penalty;
        this.blocks = (n + BLOCK - 1) / BLOCK;
        this.partialGradient = new double[blocks][classes * (d + 1)];
        this.partialLoss = new double[blocks];
        this.logits = new double[blocks][classes];
        this.w = new double[classes * (d + 1)];
    }

    /** @return the number of parameters: class c's weights at {@code [c(d+1), c(d+1)+d)}, its bias at {@code c(d+1)+d} */
    public int parameters() {
        return classes * (d + 1);
    }

    /**
     * Fits from {@code start} (or zeros) and keeps the result as this model's weights.
     *
     * @param start initial parameters in the layout of {@link #parameters()}, or {@code null} for zeros
     * @param settings stopping rules
     * @param checkpoint run before every evaluation (e.g. a cancellation check)
     * @return the optimiser's result (iterations, why it stopped, the final objective)
     */
    public Lbfgs.Result fit(double[] start, Lbfgs.Settings settings, Runnable checkpoint) {
        double[] x0 = start == null ? new double[parameters()] : start;
        if (x0.length != parameters()) {
            throw new IllegalArgumentException("start has " + x0.length + " values, the model " + parameters());
        }
        Lbfgs.Result r = Lbfgs.minimise(this::evaluate, x0, settings, checkpoint);
        w = r.x();
        return r;
    }

    /**
     * Sets the weights (for predictions without a fit, or a later warm start from {@link #weights()}).
     *
     * @param params parameters in the layout of {@link #parameters()} (copied)
     */
    public void setWeights(double[] params) {
        if (params.length != parameters()) {
            throw new IllegalArgumentException("weights have " + params.length + " values, the model " + parameters());
        }
        w = params.clone();
    }

    /** @return a copy of the weights, in the layout of {@link #parameters()} */
    public double[] weights() {
        return w.clone();
    }

    /**
     * The objective and its gradient.
     *
     * @param params the parameters
     * @param grad filled with the gradient
     * @return f(params)
     */
    public double evaluate(double[] params, double[] grad) {
        if (blocks > 1 && (long) n * d * classes >= PARALLEL_WORK) {
            IntStream.range(0, blocks).parallel().forEach(b -> block(params, b));
        } else {
            for (int b = 0; b < blocks; b++) {
                block(params, b);
            }
        }
        int p = grad.length;
        System.arraycopy(partialGradient[0], 0, grad, 0, p);
        double loss = partialLoss[0];
        for (int b = 1; b < blocks; b++) {
            double[] pg = partialGradient[b];
            for (int k = 0; k < p; k++) {
                grad[k] += pg[k];
            }
            loss += partialLoss[b];
        }
        loss *= scale;
        double reg = 0;
        for (int k = 0; k < p; k++) {
            grad[k] *= scale;
        }
        for (int c = 0; c < classes; c++) {
            int o = c * (d + 1);
            for (int j = 0; j < d; j++) {
                double v = params[o + j];
                reg += v * v;
                grad[o + j] += penalty * v;
            }
        }
        return loss + 0.5 * penalty * reg;
    }

    /** Summed cross-entropy and gradient (unscaled, unpenalised) of one block of rows into its partial arrays. */
    private void block(double[] params, int b) {
        double[] g = partialGradient[b];
        double[] z = logits[b];
        java.util.Arrays.fill(g, 0);
        double loss = 0;
        int end = Math.min(n, (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
            int r = i * d;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double v = params[c * (d + 1) + d] + DotProduct.of(params, c * (d + 1), x, r, d);
                z[c] = v;
                max = Math.max(max, v);
            }
            int label = y[i];
            double labelLogit = z[label] - max;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            loss += Math.log(sum) - labelLogit;
            double inv = 1.0 / sum;
            for (int c = 0; c < classes; c++) {
                double coef = z[c] * inv - (c == label ? 1.0 : 0.0);
                int o = c * (d + 1);
                for (int j = 0; j < d; j++) {
                    g[o + j] += coef * x[r + j];
                }
                g[o + d] += coef;
            }
        }
        partialLoss[b] = loss;
    }

    /**
     * @param xs rows × d features, prepared as the training rows were
     * @param rows rows
     * @return rows × classes probabilities under the current weights, row-major
     */
    public double[] probabilities(double[] xs, int rows) {
        double[] out = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            int r = i * d;
            int base = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double v = w[c * (d + 1) + d] + DotProduct.of(w, c * (d + 1), xs, r, d);
                out[base + c] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                out[base + c] = Math.exp(out[base + c] - max);
                sum += out[base + c];
            }
            for (int c = 0; c < classes; c++) {
                out[base + c] /= sum;
            }
        }
        return out;
    }

    /**
     * @param xs rows × d features, prepared as the training rows were
     * @param rows rows
     * @return per row the class of the largest logit (the first on a tie)
     */
    public int[] predict(double[] xs, int rows) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            double bestZ = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double v = w[c * (d + 1) + d] + DotProduct.of(w, c * (d + 1), xs, i * d, d);
                if (v > bestZ) {
                    bestZ = v;
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
