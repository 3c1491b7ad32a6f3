package lmwb.estimators.probe;

import java.util.ArrayDeque;
import java.util.Deque;
import lmwb.api.CancellationToken;

/**
 * Multinomial logistic regression {@code p(c|x) = softmax(W x + b)} minimising the summed cross-entropy
 * plus {@code l2/2·||W||²} (bias not penalised) with L-BFGS (memory 10, Armijo backtracking). Deterministic:
 * starts from zero weights.
 */
final class SoftmaxRegression {
    private static final int MEMORY = 10;
    private final double[] x;
    private final int n;
    private final int d;
    private final int[] y;
    private final int classes;
    private final double l2;
    /** Parameters: class c's weights at [c*(d+1), c*(d+1)+d), its bias at c*(d+1)+d. */
    private double[] w;

    SoftmaxRegression(double[] x, int n, int d, int[] y, int classes, double l2) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.y = y;
        this.classes = classes;
        this.l2 = l2;
        this.w = new double[classes * (d + 1)];
    }

    /**
     * @param maxIter L-BFGS iterations at most
     * @param cancel checked before every evaluation of the loss
     * @return iterations used
     */
    int fit(int maxIter, CancellationToken cancel) {
        int p = w.length;
        double[] g = new double[p];
        double f = evaluate(w, g);
        Deque<double[]> sHist = new ArrayDeque<>();
        Deque<double[]> yHist = new ArrayDeque<>();
        Deque<Double> rhoHist = new ArrayDeque<>();
        int iter = 0;
        for (; iter < maxIter; iter++) {
            cancel.throwIfCancelled();
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
            double step = iter == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-gd)) : 1.0;
            double[] wNew = new double[p];
            double[] gNew = new double[p];
            double fNew = Double.NaN;
            for (int ls = 0; ls < 40; ls++) {
                cancel.throwIfCancelled(); // one evaluation is a pass over all N×D values, up to 40 per iteration
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
            if (sy > 1e-12) {
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
            if (maxAbs(g) <= 1e-5 * Math.max(1.0, n / 100.0) || decrease <= 1e-10 * Math.max(1.0, Math.abs(f))) {
                iter++;
                break;
            }
        }
        return iter;
    }

    int[] predict(double[] xs, int rows) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            double bestZ = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double z = logit(w, c, xs, i);
                if (z > bestZ) {
                    bestZ = z;
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    private double logit(double[] params, int c, double[] xs, int row) {
        int o = c * (d + 1);
        int r = row * d;
        double z = params[o + d];
        for (int j = 0; j < d; j++) {
            z += params[o + j] * xs[r + j];
        }
        return z;
    }

    private double evaluate(double[] params, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                z[c] = logit(params, c, x, i);
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            loss += Math.log(sum) + max - (Math.log(z[y[i]]) + max);
            int r = i * d;
            for (int c = 0; c < classes; c++) {
                double coef = z[c] / sum - (c == y[i] ? 1.0 : 0.0);
                int o = c * (d + 1);
                for (int j = 0; j < d; j++) {
                    grad[o + j] += coef * x[r + j];
                }
                grad[o + d] += coef;
            }
        }
        for (int c = 0; c < classes; c++) {
            int o = c * (d + 1);
            for (int j = 0; j < d; j++) {
                loss += 0.5 * l2 * params[o + j] * params[o + j];
                grad[o + j] += l2 * params[o + j];
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
