package lmwb.estimators.linalg;

import java.util.stream.IntStream;
import lmwb.common.linalg.DotProduct;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/** Pure-Java {@link LinearAlgebra}: correct and portable, slower than native BLAS/LAPACK. */
public final class JavaLinearAlgebra implements LinearAlgebra {
    /** Rows per block of {@link #gramOfColumns(int, int, RowSource)}. */
    static final int GRAM_BLOCK_ROWS = 256;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    public double[] gramOfColumns(double[] a, int n, int d) {
        double[] g = new double[d * d];
        accumulateGram(a, n, d, g);
        mirrorUpperToLower(g, d);
        return g;
    }

    /** Adds the upper triangle of AᵀA to g, each entry summed over the rows in order. */
    private static void accumulateGram(double[] a, int n, int d, double[] g) {
        IntStream.range(0, d).parallel().forEach(j -> {
            int base = j * d;
            for (int i = 0; i < n; i++) {
                int row = i * d;
                double aij = a[row + j];
                if (aij != 0) {
                    for (int l = j; l < d; l++) {
                        g[base + l] += aij * a[row + l];
                    }
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     * <p>
     * Works through blocks of {@value #GRAM_BLOCK_ROWS} rows, asking for each block's rows just before its
     * products: the sums run over the rows in the same order as for a whole matrix (same result, bit for
     * bit), only one block lives on the heap, and a row source that checks for cancellation is called
     * throughout the computation, not only before it.
     */
    @Override
    public double[] gramOfColumns(int n, int d, RowSource rows) {
        double[] g = new double[d * d];
        double[] block = new double[Math.min(n, GRAM_BLOCK_ROWS) * d];
        double[] buf = new double[d];
        for (int i0 = 0; i0 < n; i0 += GRAM_BLOCK_ROWS) {
            int m = Math.min(GRAM_BLOCK_ROWS, n - i0);
            for (int r = 0; r < m; r++) {
                rows.fill(i0 + r, buf);
                System.arraycopy(buf, 0, block, r * d, d);
            }
            accumulateGram(block, m, d, g);
        }
        mirrorUpperToLower(g, d);
        return g;
    }

    @Override
    public double[] gramOfRows(double[] a, int n, int d) {
        double[] g = new double[n * n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int k = i; k < n; k++) {
                g[i * n + k] = DotProduct.of(a, i * d, a, k * d, d);
            }
        });
        mirrorUpperToLower(g, n);
        return g;
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] s, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(s, i * n, m[i], 0, n);
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(m, false));
        double[] raw = eig.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(raw[x], raw[y]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int j = 0; j < n; j++) {
            values[j] = raw[order[j]];
            RealVector v = eig.getEigenvector(order[j]);
            for (int i = 0; i < n; i++) {
                vectors[j * n + i] = v.getEntry(i);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    @Override
    public boolean choleskyLower(double[] s, int n) {
        for (int j = 0; j < n; j++) {
            double diag = s[j * n + j] - DotProduct.of(s, j * n, s, j * n, j);
            if (!(diag > 0)) {
                return false;
            }
            double ljj = Math.sqrt(diag);
            s[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                s[i * n + j] = (s[i * n + j] - DotProduct.of(s, i * n, s, j * n, j)) / ljj;
            }
        }
        return true;
    }

    @Override
    public void solveLowerInPlace(double[] l, int n, double[] b, int m) {
        for (int i = 0; i < n; i++) {
            int ri = i * m;
            for (int j = 0; j < i; j++) {
                double lij = l[i * n + j];
                if (lij != 0) {
                    int rj = j * m;
                    for (int c = 0; c < m; c++) {
                        b[ri + c] -= lij * b[rj + c];
                    }
                }
            }
            double lii = l[i * n + i];
            for (int c = 0; c < m; c++) {
                b[ri + c] /= lii;
            }
        }
    }

    /** Each output element is one fused multiply-add chain over k in index order. */
    @Override
    public SelfProduct selfProduct(float[] x, int n, int k) {
        return new SelfProduct() {
            @Override
            public void rows(int i0, int m, int cols, float[] c) {
                IntStream.range(0, (m + 3) / 4).parallel().forEach(blk -> {
                    int r0 = blk * 4;
                    int r1 = Math.min(m, r0 + 4);
                    for (int j = 0; j < cols; j++) {
                        int bj = j * k;
                        for (int r = r0; r < r1; r++) {
                            int ai = (i0 + r) * k;
                            float acc = 0f;
                            for (int p = 0; p < k; p++) {
                                acc = Math.fma(x[ai + p], x[bj + p], acc);
                            }
                            c[r * cols + j] = acc;
                        }
                    }
                });
            }

            @Override
            public void close() {
            }
        };
    }

    static void mirrorUpperToLower(double[] g, int d) {
        for (int j = 0; j < d; j++) {
            for (int l = j + 1; l < d; l++) {
                g[l * d + j] = g[j * d + l];
            }
        }
    }
}
