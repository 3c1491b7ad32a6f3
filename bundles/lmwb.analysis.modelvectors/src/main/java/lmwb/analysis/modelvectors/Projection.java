package lmwb.analysis.modelvectors;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/** 2-D pictures of points: PCA (exact, through the n × n Gram matrix) and exact t-SNE. */
final class Projection {
    private Projection() {
    }

    /**
     * @param x points by row
     * @return their coordinates on the first two principal components (a sign per axis made canonical: the
     *     largest-magnitude coordinate positive)
     */
    static double[][] pca(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] r : x) {
            for (int k = 0; k < d; k++) {
                mean[k] += r[k] / n;
            }
        }
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += (x[i][k] - mean[k]) * (x[j][k] - mean[k]);
                }
                g[i][j] = g[j][i] = s;
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(g, false));
        double[] values = e.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] y = new double[n][2];
        for (int c = 0; c < Math.min(2, n); c++) {
            double[] v = e.getV().getColumn(order[c]);
            double s = Math.sqrt(Math.max(0, values[order[c]]));
            int arg = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i]) > Math.abs(v[arg])) {
                    arg = i;
                }
            }
            double sign = v[arg] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                y[i][c] = sign * v[i] * s;
            }
        }
        return y;
    }

    /** @return the default perplexity, min(5, (n − 1) / 3) */
    static double perplexity(int n) {
        return Math.min(5.0, (n - 1) / 3.0);
    }

    /**
     * Exact t-SNE (van der Maaten and Hinton 2008): Gaussian conditionals matched to the perplexity by bisection,
     * symmetrised; Student-t similarities in 2-D; gradient descent with momentum 0.5 then 0.8, early exaggeration
     * 12 for 250 of 1000 iterations, per-coordinate gains, learning rate max(n / 48, 50) (scikit-learn's auto).
     *
     * @param d distances between the points
     * @param perplexity the perplexity (less than n)
     * @param seed the seed of the initial layout N(0, 1e-4 I)
     * @return 2-D coordinates
     */
    static double[][] tsne(double[][] d, double perplexity, long seed) {
        int n = d.length;
        if (n < 3) {
            throw new IllegalArgumentException("t-SNE needs at least 3 points, got " + n);
        }
        if (!(perplexity > 0 && perplexity < n)) {
            throw new IllegalArgumentException("perplexity must be in (0, " + n + "), got " + perplexity);
        }
        double[][] p = affinities(d, perplexity);
        Random random = new Random(seed);
        double[][] y = new double[n][2];
        for (double[] r : y) {
            r[0] = random.nextGaussian() * 1e-2;
            r[1] = random.nextGaussian() * 1e-2;
        }
        double[][] update = new double[n][2];
        double[][] gains = new double[n][2];
        for (double[] g : gains) {
            Arrays.fill(g, 1.0);
        }
        double rate = Math.max(n / 48.0, 50.0);
        double[][] num = new double[n][n];
        double[][] grad = new double[n][2];
        for (int it = 0; it < 1000; it++) {
            double exaggeration = it < 250 ? 12.0 : 1.0;
            double momentum = it < 250 ? 0.5 : 0.8;
            double z = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[i][0] - y[j][0];
                    double dy = y[i][1] - y[j][1];
                    double q = 1.0 / (1.0 + dx * dx + dy * dy);
                    num[i][j] = num[j][i] = q;
                    z += 2 * q;
                }
            }
            for (int i = 0; i < n; i++) {
                grad[i][0] = 0;
                grad[i][1] = 0;
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        continue;
                    }
                    double m = (exaggeration * p[i][j] - num[i][j] / z) * num[i][j];
                    grad[i][0] += 4 * m * (y[i][0] - y[j][0]);
                    grad[i][1] += 4 * m * (y[i][1] - y[j][1]);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 2; c++) {
                    boolean same = grad[i][c] > 0 == update[i][c] > 0;
                    gains[i][c] = Math.max(0.01, same ? gains[i][c] * 0.8 : gains[i][c] + 0.2);
                    update[i][c] = momentum * update[i][c] - rate * gains[i][c] * grad[i][c];
                    y[i][c] += update[i][c];
                }
            }
            double[] mean = new double[2];
            for (double[] r : y) {
                mean[0] += r[0] / n;
                mean[1] += r[1] / n;
            }
            for (double[] r : y) {
                r[0] -= mean[0];
                r[1] -= mean[1];
            }
        }
        return y;
    }

    /** Symmetric joint probabilities P from distances, each row's bandwidth matched to the perplexity. */
    static double[][] affinities(double[][] d, double perplexity) {
        int n = d.length;
        double target = Math.log(perplexity);
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double beta = 1;
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += j == i ? 0 : d[i][j] * d[i][j] / (n - 1);
            }
            // scale-free start: distances of any magnitude converge in the same number of steps
            beta = mean > 0 ? 1 / mean : 1;
            double[] row = new double[n];
            for (int step = 0; step < 200; step++) {
                double min = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        min = Math.min(min, d[i][j] * d[i][j]);
                    }
                }
                double sum = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                    double sq = d[i][j] * d[i][j];
                    row[j] = j == i ? 0 : Math.exp(-beta * (sq - min));
                    sum += row[j];
                    weighted += row[j] * (sq - min);
                }
                double entropy = Math.log(sum) + beta * weighted / sum;
                for (int j = 0; j < n; j++) {
                    row[j] /= sum;
                }
                double diff = entropy - target;
                if (Math.abs(diff) < 1e-10) {
                    break;
                }
                if (diff > 0) {
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
            p[i] = row.clone();
        }
        double[][] joint = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                joint[i][j] = Math.max((p[i][j] + p[j][i]) / (2.0 * n), 1e-12);
            }
        }
        return joint;
    }
}
