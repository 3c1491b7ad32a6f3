package lmwb.estimators.linalg;

/**
 * The dense linear algebra the estimators need, on row-major arrays. Two implementations: native OpenBLAS /
 * LAPACK ({@link OpenBlasLinearAlgebra}) and pure Java ({@link JavaLinearAlgebra}, the fallback). Both
 * compute the same quantities; they differ only in rounding and speed.
 */
public interface LinearAlgebra {

    /** @return a short name for logs and result details, e.g. {@code openblas} or {@code java} */
    String name();

    /** @return whether this backend runs native code */
    boolean isNative();

    /**
     * @param a row-major n×d matrix
     * @param n rows
     * @param d columns
     * @return the d×d matrix AᵀA, row-major, both triangles filled
     */
    double[] gramOfColumns(double[] a, int n, int d);

    /**
     * AᵀA of a matrix produced row by row, so that no full-size copy of A needs to live on the Java heap
     * (the native backend writes the rows straight into native memory).
     *
     * @param n rows
     * @param d columns
     * @param rows fills row {@code i} into a buffer of {@code d} values; called once per row, in order
     * @return the d×d matrix AᵀA, row-major, both triangles filled
     */
    double[] gramOfColumns(int n, int d, RowSource rows);

    /** Produces the rows of a matrix on demand. */
    @FunctionalInterface
    interface RowSource {
        /**
         * @param row the row index
         * @param target receives the row's d values
         */
        void fill(int row, double[] target);
    }

    /**
     * @param a row-major n×d matrix
     * @param n rows
     * @param d columns
     * @return the n×n matrix AAᵀ, row-major, both triangles filled
     */
    double[] gramOfRows(double[] a, int n, int d);

    /**
     * Eigendecomposition of a symmetric matrix.
     *
     * @param s symmetric n×n matrix, both triangles filled; overwritten
     * @param n order
     * @return eigenvalues ascending and their eigenvectors
     */
    SymmetricEigen symmetricEigen(double[] s, int n);

    /**
     * Cholesky factorisation {@code S = L Lᵀ} in place; afterwards the lower triangle (row-major) holds L.
     *
     * @param s symmetric n×n matrix; overwritten
     * @param n order
     * @return false when S is not (numerically) positive definite
     */
    boolean choleskyLower(double[] s, int n);

    /**
     * Solves {@code L X = B} in place.
     *
     * @param l row-major n×n lower-triangular factor from {@link #choleskyLower(double[], int)}
     * @param n order
     * @param b row-major n×m right-hand sides, replaced by X
     * @param m number of right-hand sides
     */
    void solveLowerInPlace(double[] l, int n, double[] b, int m);

    /**
     * Prepares float32 products of row blocks of one matrix X with the leading rows of X itself,
     * {@code C = X[i0 : i0+m] · X[0 : cols]ᵀ}, computed as an {@code sgemm} (A not transposed, B transposed).
     *
     * @param x row-major n×k matrix, not modified while the product is open
     * @param n rows of X
     * @param k columns of X (the inner dimension)
     * @return the product; close it to release native memory
     */
    SelfProduct selfProduct(float[] x, int n, int k);

    /** Row blocks of {@code X Xᵀ}; see {@link #selfProduct(float[], int, int)}. */
    interface SelfProduct extends AutoCloseable {
        /**
         * @param i0 first row of the block
         * @param m rows in the block
         * @param cols number of leading rows of X to multiply with
         * @param c row-major m×cols output
         */
        void rows(int i0, int m, int cols, float[] c);

        @Override
        void close();
    }
}
