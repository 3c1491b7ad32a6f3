package lmwb.estimator.support.eigen;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Eigenvalues and eigenvectors of a symmetric positive semi-definite matrix (a Gram or covariance matrix, or
 * L⁻¹ S_b L⁻ᵀ): Commons Math's {@link EigenDecomposition}, or, where its QL iteration does not converge (it gave up
 * on real embeddings in NCTI's in-framework test: "convergence failed"), the singular value decomposition, which for
 * such a matrix has the same values and axes (an axis may come with the opposite sign).
 *
 * @param values the eigenvalues, in the decomposition's order (not sorted: callers order them as they need)
 * @param vectors the eigenvectors, one row per value
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    /**
     * @param rows a symmetric positive semi-definite matrix, one array per row
     * @return its eigendecomposition
     */
    public static SymmetricEigen of(double[][] rows) {
        RealMatrix m = MatrixUtils.createRealMatrix(rows);
        try {
            EigenDecomposition e = new EigenDecomposition(m);
            double[][] v = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                v[i] = e.getEigenvector(i).toArray();
            }
            return new SymmetricEigen(e.getRealEigenvalues(), v);
        } catch (MathIllegalStateException notConverged) {
            return bySvd(m);
        }
    }

    /**
     * @param m a symmetric positive semi-definite matrix
     * @return its eigendecomposition through the SVD (values descending)
     */
    static SymmetricEigen bySvd(RealMatrix m) {
        SingularValueDecomposition svd = new SingularValueDecomposition(m);
        RealMatrix u = svd.getU();
        double[][] v = new double[m.getRowDimension()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = u.getColumn(i);
        }
        return new SymmetricEigen(svd.getSingularValues(), v);
    }
}
