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
     * {@code C = A Bᵀ} in float32, as an {@code sgemm} with {@code A} not transposed and {@code B} transposed
     * (the call numpy makes for {@code a @ b.T}).
     *
     * @param a row-major m×k
     * @param m rows of A
     * @param b row-major n×k
     * @param n rows of B
     * @param k inner dimension
     * @param c row-major m×n output
     */
    void multiplyTransposed(float[] a, int m, float[] b, int n, int k, float[] c);
}
