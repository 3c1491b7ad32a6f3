package lmwb.diagnostics.core;

import lmwb.api.CancellationToken;
import lmwb.common.optim.Lbfgs;
import lmwb.common.optim.SoftmaxRegression;

/**
 * Multinomial logistic regression {@code p(c|x) = softmax(W x + b)} minimising the MEAN cross-entropy plus
 * {@code λ/2·||W||²} (bias not penalised; sklearn's {@code LogisticRegression(C = 1/(n·λ))}): lmwb's one
 * {@link SoftmaxRegression} with scale 1/n, fitted by its L-BFGS. Deterministic; can start from given weights (a
 * warm start along a regularisation path).
 */
public final class SoftmaxProbe {
    /** Stop when the largest gradient component of the mean objective is at most this. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    private final SoftmaxRegression model;

    /**
     * @param x rows × d features, row-major (standardised by the caller)
     * @param n rows
     * @param d features
     * @param y class per row
     * @param classes number of classes
     * @param lambda the L2 penalty per example
     * @param start initial weights ({@code null} = zeros), as from {@link #weights()}
     */
    public SoftmaxProbe(double[] x, int n, int d, int[] y, int classes, double lambda, double[] start) {
        this.model = new SoftmaxRegression(x, n, d, y, classes, 1.0 / n, lambda);
        if (start != null) {
            model.setWeights(start);
        }
    }

    /** @return a copy of the weights */
    public double[] weights() {
        return model.weights();
    }

    /**
     * @param maxIter iterations at most
     * @param cancel polled before every evaluation
     * @return iterations used
     */
    public int fit(int maxIter, CancellationToken cancel) {
        return fit(maxIter, 1e-10, cancel);
    }

    /**
     * @param maxIter iterations at most
     * @param tolerance stop when an iteration lowers the loss by less than this fraction of it
     * @param cancel polled before every evaluation
     * @return iterations used
     */
    public int fit(int maxIter, double tolerance, CancellationToken cancel) {
        return model.fit(model.weights(), Lbfgs.Settings.of(maxIter, GRADIENT_TOLERANCE, tolerance), cancel::throwIfCancelled)
                .iterations();
    }

    /**
     * @param xs rows × d features, standardised as the training rows were
     * @param rows rows
     * @return rows × classes probabilities, row-major
     */
    public double[] probabilities(double[] xs, int rows) {
        return model.probabilities(xs, rows);
    }
}
