package lmwb.estimators.linalg;

import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * {@link LinearAlgebra} on OpenBLAS (BLAS level 3 and LAPACKE) through the JavaCPP presets. Large operands
 * go through off-heap pointers (one copy in, one copy out) rather than Java arrays, which JNI would copy in
 * and back out on every call. Instances are made by {@link LinearAlgebraBackends} only after the native
 * library has loaded.
 */
public final class OpenBlasLinearAlgebra implements LinearAlgebra {

    OpenBlasLinearAlgebra() {
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public double[] gramOfColumns(double[] a, int n, int d) {
        double[] g = new double[d * d];
        try (DoublePointer pa = new DoublePointer(a); DoublePointer pg = new DoublePointer((long) d * d)) {
            openblas.cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, d, n, 1.0, pa, d, 0.0, pg, d);
            pg.get(g);
        }
        mirrorLowerToUpper(g, d);
        return g;
    }

    @Override
    public double[] gramOfColumns(int n, int d, RowSource rows) {
        double[] g = new double[d * d];
        double[] buf = new double[d];
        try (DoublePointer pa = new DoublePointer((long) n * d); DoublePointer pg = new DoublePointer((long) d * d)) {
            for (int i = 0; i < n; i++) {
                rows.fill(i, buf);
                pa.position((long) i * d).put(buf, 0, d);
            }
            pa.position(0);
            openblas.cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, d, n, 1.0, pa, d, 0.0, pg, d);
            pg.get(g);
        }
        mirrorLowerToUpper(g, d);
        return g;
    }

    @Override
    public double[] gramOfRows(double[] a, int n, int d) {
        double[] g = new double[n * n];
        try (DoublePointer pa = new DoublePointer(a); DoublePointer pg = new DoublePointer((long) n * n)) {
            openblas.cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, d, 1.0, pa, d, 0.0, pg, n);
            pg.get(g);
        }
        mirrorLowerToUpper(g, n);
        return g;
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] s, int n) {
        double[] w = new double[n];
        int info;
        try (DoublePointer ps = new DoublePointer(s); DoublePointer pw = new DoublePointer(n)) {
            // column-major view of a symmetric matrix is the same matrix; the eigenvectors come back as
            // columns, i.e. eigenvector j contiguous at j*n
            info = openblas.LAPACKE_dsyevd(LAPACK_COL_MAJOR, (byte) 'V', (byte) 'L', n, ps, n, pw);
            ps.get(s);
            pw.get(w);
        }
        if (info != 0) {
            throw new ArithmeticException("LAPACK dsyevd failed with info=" + info + " on a " + n + "x" + n + " matrix");
        }
        return new SymmetricEigen(w, s);
    }

    @Override
    public boolean choleskyLower(double[] s, int n) {
        int info = openblas.LAPACKE_dpotrf(LAPACK_ROW_MAJOR, (byte) 'L', n, s, n);
        if (info < 0) {
            throw new IllegalStateException("LAPACK dpotrf rejected argument " + (-info));
        }
        return info == 0;
    }

    @Override
    public void solveLowerInPlace(double[] l, int n, double[] b, int m) {
        openblas.cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, n, m, 1.0, l, n, b, m);
    }

    @Override
    public SelfProduct selfProduct(float[] x, int n, int k) {
        FloatPointer px = new FloatPointer(x);
        return new SelfProduct() {
            private FloatPointer pc;
            private long capacity;

            @Override
            public void rows(int i0, int m, int cols, float[] c) {
                long need = (long) m * cols;
                if (need > capacity) {
                    if (pc != null) {
                        pc.close();
                    }
                    pc = new FloatPointer(need);
                    capacity = need;
                }
                FloatPointer block = new FloatPointer(px).position((long) i0 * k);
                openblas.cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, cols, k, 1f, block, k, px, k, 0f, pc, cols);
                pc.get(c, 0, m * cols);
            }

            @Override
            public void close() {
                if (pc != null) {
                    pc.close();
                }
                px.close();
            }
        };
    }

    private static void mirrorLowerToUpper(double[] g, int d) {
        for (int j = 0; j < d; j++) {
            for (int l = j + 1; l < d; l++) {
                g[j * d + l] = g[l * d + j];
            }
        }
    }
}
