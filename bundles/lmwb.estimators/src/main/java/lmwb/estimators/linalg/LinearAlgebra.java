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
     * Prepares repeated float32 products {@code C = A Bᵀ} against one fixed right-hand matrix B, computed as
     * an {@code sgemm} with A not transposed and B transposed (the call numpy makes for {@code a @ b.T}).
     *
     * @param b row-major n×k matrix, not modified while the product is open
     * @param n rows of B
     * @param k inner dimension
     * @return the product; close it to release native memory
     */
    RowBlockProduct rowBlockProduct(float[] b, int n, int k);

    /** Products of row blocks A (m×k) with a fixed Bᵀ; see {@link #rowBlockProduct(float[], int, int)}. */
    interface RowBlockProduct extends AutoCloseable {
        /**
         * @param a row-major m×k block
         * @param m rows of the block
         * @param c row-major m×n output
         */
        void multiply(float[] a, int m, float[] c);

        @Override
        void close();
    }
}
