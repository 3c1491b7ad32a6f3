package lmwb.estimators.linalg;

/**
 * Eigenvalues (ascending) and eigenvectors of a symmetric n×n matrix.
 *
 * @param values the n eigenvalues, ascending
 * @param vectors eigenvector {@code j} occupies {@code vectors[j*n .. j*n+n)}
 */
public record SymmetricEigen(double[] values, double[] vectors) {
    /** @return the order n */
    public int order() {
        return values.length;
    }
}
