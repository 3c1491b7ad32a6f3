package lmwb.diagnostics.core;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import lmwb.api.CancellationToken;

/**
 * Multinomial logistic regression {@code p(c|x) = softmax(W x + b)} minimising the MEAN cross-entropy plus
 * {@code λ/2·||W||²} (bias not penalised; sklearn's {@code LogisticRegression(C = 1/(n·λ))}), by L-BFGS (memory 10,
 * Armijo backtracking). Deterministic; can start from given weights (a warm start along a regularisation path).
 */
public final class SoftmaxProbe {
    private static final int MEMORY = 10;
    private final double[] x;
    private final int n;
    private final int d;
    private final int[] y;
    private final int classes;
    private final double lambda;
    /** Class c's weights at [c*(d+1), c*(d+1)+d), its bias at c*(d+1)+d. */
    private double[] w;

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
        this.x = x;
        this.n = n;
        this.d = d;
        this.y = y;
        this.classes = classes;
        this.lambda = lambda;
        this.w = start == null ? new double[classes * (d + 1)] : start.clone();
    }

    /** @return a copy of the weights */
    public double[] weights() {
        return w.clone();
    }

    /**
     * @param maxIter iterations at most
     * @param cancel polled every iteration
     * @return iterations used
     */
    public int fit(int maxIter, CancellationToken cancel) {
        return fit(maxIter, 1e-10, cancel);
    }

    /**
     * @param maxIter iterations at most
     * @param tolerance stop when an iteration lowers the loss by less than this fraction of it
     * @param cancel polled every iteration
     * @return iterations used
     */
    public int fit(int maxIter, double tolerance, CancellationToken cancel) {
        int p = w.length;
        double[] g = new double[p];
        double f = evaluate(w, g);
        Deque<double[]> sHist = new ArrayDeque<>();
        Deque<double[]> yHist = new ArrayDeque<>();
        Deque<Double> rhoHist = new ArrayDeque<>();
        int iter = 0;
        for (; iter < maxIter; iter++) {
            cancel.throwIfCancelled();
            if (maxAbs(g) <= 1e-6) {
                break;
            }
            double[] dir = direction(g, sHist, yHist, rhoHist);
            double gd = dot(g, dir);
            if (!(gd < 0)) {
                sHist.clear();
                yHist.clear();
                rhoHist.clear();
                for (int i = 0; i < p; i++) {
                    dir[i] = -g[i];
                }
                gd = dot(g, dir);
            }
            double step = sHist.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(-gd)) : 1.0;
            double[] wNew = new double[p];
            double[] gNew = new double[p];
            double fNew = Double.NaN;
            for (int ls = 0; ls < 40; ls++) {
                for (int i = 0; i < p; i++) {
                    wNew[i] = w[i] + step * dir[i];
                }
                fNew = evaluate(wNew, gNew);
                if (fNew <= f + 1e-4 * step * gd) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew <= f)) {
                break;
            }
            double[] s = new double[p];
            double[] yv = new double[p];
            for (int i = 0; i < p; i++) {
                s[i] = wNew[i] - w[i];
                yv[i] = gNew[i] - g[i];
            }
            double sy = dot(s, yv);
            if (sy > 1e-16) {
                sHist.addFirst(s);
                yHist.addFirst(yv);
                rhoHist.addFirst(1.0 / sy);
                if (sHist.size() > MEMORY) {
                    sHist.removeLast();
                    yHist.removeLast();
                    rhoHist.removeLast();
                }
            }
            double decrease = f - fNew;
            w = wNew;
            g = gNew;
            f = fNew;
            if (decrease <= tolerance * Math.max(1.0, Math.abs(f))) {
                iter++;
                break;
            }
        }
        return iter;
    }

    /**
     * @param xs rows × d features, standardised as the training rows were
     * @param rows rows
     * @return rows × classes probabilities, row-major
     */
    public double[] probabilities(double[] xs, int rows) {
        double[] out = new double[rows * classes];
        double[] z = new double[classes];
        for (int i = 0; i < rows; i++) {
            softmax(w, xs, i, z);
            System.arraycopy(z, 0, out, i * classes, classes);
        }
        return out;
    }

    /** Writes softmax(W x_row + b) into z. */
    private void softmax(double[] params, double[] xs, int row, double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        int r = row * d;
        for (int c = 0; c < classes; c++) {
            int o = c * (d + 1);
            double v = params[o + d];
            for (int j = 0; j < d; j++) {
                v += params[o + j] * xs[r + j];
            }
            z[c] = v;
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < classes; c++) {
            z[c] /= sum;
        }
    }

    private double evaluate(double[] params, double[] grad) {
        Arrays.fill(grad, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            softmax(params, x, i, z);
            loss -= Math.log(Math.max(z[y[i]], Double.MIN_NORMAL));
            int r = i * d;
            for (int c = 0; c < classes; c++) {
                double coef = z[c] - (c == y[i] ? 1.0 : 0.0);
                int o = c * (d + 1);
                for (int j = 0; j < d; j++) {
                    grad[o + j] += coef * x[r + j];
                }
                grad[o + d] += coef;
            }
        }
        double inv = 1.0 / n;
        loss *= inv;
        for (int k = 0; k < grad.length; k++) {
            grad[k] *= inv;
        }
        for (int c = 0; c < classes; c++) {
            int o = c * (d + 1);
            for (int j = 0; j < d; j++) {
                loss += 0.5 * lambda * params[o + j] * params[o + j];
                grad[o + j] += lambda * params[o + j];
            }
        }
        return loss;
    }

    private static double[] direction(double[] g, Deque<double[]> sHist, Deque<double[]> yHist, Deque<Double> rhoHist) {
        double[] q = g.clone();
        int m = sHist.size();
        double[] a = new double[m];
        double[][] s = sHist.toArray(new double[0][]);
        double[][] yv = yHist.toArray(new double[0][]);
        Double[] rho = rhoHist.toArray(new Double[0]);
        for (int k = 0; k < m; k++) {
            a[k] = rho[k] * dot(s[k], q);
            axpy(-a[k], yv[k], q);
        }
        if (m > 0) {
            double gamma = dot(s[0], yv[0]) / dot(yv[0], yv[0]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = m - 1; k >= 0; k--) {
            double b = rho[k] * dot(yv[k], q);
            axpy(a[k] - b, s[k], q);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
