package lmwb.estimator.support;

/**
 * Small dense linear algebra on row-major {@code double[]} matrices, enough for the estimators: column means,
 * Gram products, Cholesky factorisation, log-determinants and solves of symmetric positive definite systems.
 */
public final class Dense {
    private Dense() {
    }

    /**
     * @param x row-major n×d
     * @param n rows
     * @param d columns
     * @return the d column means
     */
    public static double[] columnMeans(double[] x, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += x[base + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        return mean;
    }

    /**
     * Subtracts the column means in place.
     *
     * @param x row-major n×d
     * @param n rows
     * @param d columns
     */
    public static void centreColumns(double[] x, int n, int d) {
        double[] mean = columnMeans(x, n, d);
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) {
                x[base + j] -= mean[j];
            }
        }
    }

    /**
     * @param x row-major n×d
     * @param n rows
     * @param d columns
     * @return XᵀX, d×d (symmetric, both triangles filled)
     */
    public static double[] gramOfColumns(double[] x, int n, int d) {
        double[] g = new double[d * d];
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int a = 0; a < d; a++) {
                double v = x[base + a];
                if (v == 0) {
                    continue;
                }
                int row = a * d;
                for (int b = a; b < d; b++) {
                    g[row + b] += v * x[base + b];
                }
            }
        }
        mirrorUpper(g, d);
        return g;
    }

    /**
     * @param x row-major n×d
     * @param n rows
     * @param d columns
     * @return XXᵀ, n×n (symmetric, both triangles filled)
     */
    public static double[] gramOfRows(double[] x, int n, int d) {
        double[] g = new double[n * n];
        for (int a = 0; a < n; a++) {
            int ra = a * d;
            for (int b = a; b < n; b++) {
                int rb = b * d;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[ra + j] * x[rb + j];
                }
                g[a * n + b] = s;
            }
        }
        mirrorUpper(g, n);
        return g;
    }

    private static void mirrorUpper(double[] g, int d) {
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                g[b * d + a] = g[a * d + b];
            }
        }
    }

    /**
     * Cholesky factorisation A = LLᵀ in place: on return the lower triangle holds L (the upper triangle is left
     * as it was).
     *
     * @param a row-major d×d symmetric matrix
     * @param d its size
     * @return false when A is not (numerically) positive definite
     */
    public static boolean cholesky(double[] a, int d) {
        for (int j = 0; j < d; j++) {
            int rj = j * d;
            double s = a[rj + j];
            for (int k = 0; k < j; k++) {
                s -= a[rj + k] * a[rj + k];
            }
            if (!(s > 0)) {
                return false;
            }
            double l = Math.sqrt(s);
            a[rj + j] = l;
            for (int i = j + 1; i < d; i++) {
                int ri = i * d;
                double t = a[ri + j];
                for (int k = 0; k < j; k++) {
                    t -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = t / l;
            }
        }
        return true;
    }

    /**
     * @param a row-major d×d symmetric positive definite matrix (not changed)
     * @param d its size
     * @param what what the matrix is, for the message when it is not positive definite
     * @return ln det A
     */
    public static double logDetSpd(double[] a, int d, String what) {
        double[] l = a.clone();
        if (!cholesky(l, d)) {
            throw new IllegalArgumentException(what + " is not positive definite");
        }
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += Math.log(l[j * d + j]);
        }
        return 2 * s;
    }

    /**
     * Solves A X = B for X in place, given the Cholesky factor of A.
     *
     * @param l the factor from {@link #cholesky} (lower triangle)
     * @param d the size of A
     * @param b row-major d×m right-hand sides, overwritten by X
     * @param m the number of right-hand sides
     */
    public static void solveCholesky(double[] l, int d, double[] b, int m) {
        for (int i = 0; i < d; i++) {
            int ri = i * d;
            for (int k = 0; k < i; k++) {
                double f = l[ri + k];
                if (f == 0) {
                    continue;
                }
                for (int c = 0; c < m; c++) {
                    b[i * m + c] -= f * b[k * m + c];
                }
            }
            double diag = l[ri + i];
            for (int c = 0; c < m; c++) {
                b[i * m + c] /= diag;
            }
        }
        for (int i = d - 1; i >= 0; i--) {
            for (int k = i + 1; k < d; k++) {
                double f = l[k * d + i];
                if (f == 0) {
                    continue;
                }
                for (int c = 0; c < m; c++) {
                    b[i * m + c] -= f * b[k * m + c];
                }
            }
            double diag = l[i * d + i];
            for (int c = 0; c < m; c++) {
                b[i * m + c] /= diag;
            }
        }
    }

    /**
     * Row-wise softmax in place, stabilised by the row maximum.
     *
     * @param z row-major n×c logits, overwritten by probabilities
     * @param n rows
     * @param c columns
     */
    public static void softmaxRows(double[] z, int n, int c) {
        for (int i = 0; i < n; i++) {
            int base = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[base + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double e = Math.exp(z[base + k] - max);
                z[base + k] = e;
                sum += e;
            }
            for (int k = 0; k < c; k++) {
                z[base + k] /= sum;
            }
        }
    }
}
