package lmwb.analysis.redundancy;

import lmwb.api.FloatMatrix;

/**
 * Linear centred kernel alignment (Kornblith et al., 2019) in feature space, and its debiased variant built
 * on the unbiased HSIC estimator (Song et al., 2012; Nguyen et al., 2021). With column-centred X (n × p)
 * and Y (n × q): {@code CKA = ||YᵀX||²_F / (||XᵀX||_F · ||YᵀY||_F)}. The debiased form replaces each
 * squared Frobenius product by {@code h(XᵀY) = ||YᵀX||²_F − n/(n−2) · rᵀs + |X|²·|Y|² / ((n−1)(n−2))},
 * where r and s are the rows' squared norms and |X|² the total squared norm (the constant factor
 * {@code 1/(n(n−3))} cancels). This is the feature-space formula of the authors' reference code.
 *
 * <p>Each matrix is prepared once ({@link #prepare}) so that all pairs of L + 1 layers cost one cross
 * product each.
 */
public final class Cka {
    /** Which estimator to use. */
    public enum Measure {
        /** Biased linear CKA. */
        CKA,
        /** Linear CKA with unbiased HSIC. */
        CKA_DEBIASED;

        /**
         * @param name {@code cka} or {@code cka-debiased}
         * @return the measure
         */
        public static Measure parse(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "cka", "linear", "linear-cka" -> CKA;
                case "cka-debiased", "debiased", "cka_debiased" -> CKA_DEBIASED;
                default -> throw new IllegalArgumentException("unknown --measure '" + name + "'; use cka or cka-debiased");
            };
        }

        /** @return the user-facing name */
        public String displayName() {
            return this == CKA ? "cka" : "cka-debiased";
        }
    }

    /** A column-centred matrix with the statistics CKA needs. */
    public static final class Prepared {
        final float[][] columns;
        final double[] rowSquares;
        final double totalSquare;
        final double selfProduct;
        final int n;

        private Prepared(float[][] columns, int n) {
            this.columns = columns;
            this.n = n;
            rowSquares = new double[n];
            double total = 0;
            for (float[] c : columns) {
                for (int i = 0; i < n; i++) {
                    double v = c[i];
                    rowSquares[i] += v * v;
                }
            }
            for (double r : rowSquares) {
                total += r;
            }
            totalSquare = total;
            selfProduct = squaredFrobenius(CrossProducts.gram(columns));
        }

        /** @return whether every row is the same vector (CKA with it is 0/0, undefined) */
        public boolean isConstant() {
            return selfProduct == 0;
        }
    }

    private Cka() {
    }

    /**
     * Centres the columns of a matrix and precomputes what CKA needs.
     *
     * @param x n × p activations
     * @return the prepared matrix
     */
    public static Prepared prepare(FloatMatrix x) {
        return new Prepared(centredColumns(x), x.rows());
    }

    /**
     * @param x n × p
     * @param y n × q, same rows
     * @param measure biased or debiased
     * @return the similarity
     */
    public static double of(FloatMatrix x, FloatMatrix y, Measure measure) {
        return of(prepare(x), prepare(y), measure);
    }

    /**
     * @param x a prepared matrix
     * @param y a prepared matrix over the same n samples
     * @param measure biased or debiased
     * @return the similarity; {@code NaN} when a matrix is constant
     */
    public static double of(Prepared x, Prepared y, Measure measure) {
        if (x.n != y.n) {
            throw new IllegalArgumentException("CKA needs the same samples in both matrices, got " + x.n + " and " + y.n
                    + " rows");
        }
        double xy = squaredFrobenius(CrossProducts.of(x.columns, y.columns));
        if (measure == Measure.CKA) {
            return xy / (Math.sqrt(x.selfProduct) * Math.sqrt(y.selfProduct));
        }
        int n = x.n;
        if (n < 4) {
            throw new IllegalArgumentException("debiased CKA needs at least 4 samples, got " + n);
        }
        double hxy = debiased(xy, x, y);
        double hxx = debiased(x.selfProduct, x, x);
        double hyy = debiased(y.selfProduct, y, y);
        return hxy / Math.sqrt(hxx * hyy);
    }

    private static double debiased(double product, Prepared x, Prepared y) {
        int n = x.n;
        double rs = 0;
        for (int i = 0; i < n; i++) {
            rs += x.rowSquares[i] * y.rowSquares[i];
        }
        return product - (double) n / (n - 2) * rs + x.totalSquare * y.totalSquare / ((double) (n - 1) * (n - 2));
    }

    static double squaredFrobenius(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            for (double v : r) {
                s += v * v;
            }
        }
        return s;
    }

    /**
     * @param x n × p
     * @return p column arrays of length n, each centred to mean zero
     */
    static float[][] centredColumns(FloatMatrix x) {
        int n = x.rows();
        int p = x.cols();
        float[] v = x.toArray();
        float[][] cols = new float[p][n];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += v[i * p + j];
            }
            mean /= n;
            float[] c = cols[j];
            for (int i = 0; i < n; i++) {
                c[i] = (float) (v[i * p + j] - mean);
            }
        }
        return cols;
    }
}
