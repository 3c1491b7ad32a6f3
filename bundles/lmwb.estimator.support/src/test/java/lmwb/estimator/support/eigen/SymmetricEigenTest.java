package lmwb.estimator.support.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

/**
 * Both paths give the eigenpairs of a positive semi-definite matrix: A = Q diag(9, 4, 1, 0) Qᵀ with Q the orthonormal
 * Householder reflection I − 2wwᵀ, w = (1, 1, 1, 1)/2, so the expected values are 9, 4, 1, 0 and the expected axes
 * Q's columns, up to sign.
 */
class SymmetricEigenTest {
    private static final double[] LAMBDA = {9, 4, 1, 0};

    private static double[][] q() {
        double[][] q = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                q[i][j] = (i == j ? 1 : 0) - 2 * 0.25;
            }
        }
        return q;
    }

    private static double[][] matrix() {
        double[][] q = q();
        double[][] a = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    a[i][j] += q[i][k] * LAMBDA[k] * q[j][k];
                }
            }
        }
        return a;
    }

    private static void assertEigenpairs(SymmetricEigen e) {
        double[][] q = q();
        for (int k = 0; k < 4; k++) {
            int at = k;
            int i = java.util.stream.IntStream.range(0, 4)
                    .filter(j -> Math.abs(e.values()[j] - LAMBDA[at]) < 1e-9).findFirst().orElseThrow();
            double[] v = e.vectors()[i];
            double sign = Math.signum(v[0] * q[0][k] + v[1] * q[1][k] + v[2] * q[2][k] + v[3] * q[3][k]);
            for (int r = 0; r < 4; r++) {
                assertEquals(q[r][k], sign * v[r], 1e-9, "axis of " + LAMBDA[k]);
            }
        }
    }

    @Test
    void eigendecompositionAndItsSvdFallbackAgree() {
        SymmetricEigen eigen = SymmetricEigen.of(matrix());
        assertEigenpairs(eigen);
        SymmetricEigen svd = SymmetricEigen.bySvd(MatrixUtils.createRealMatrix(matrix()));
        assertEigenpairs(svd);
        assertArrayEquals(LAMBDA, svd.values(), 1e-9, "the SVD's values are descending");
        double[] sorted = eigen.values().clone();
        Arrays.sort(sorted);
        assertArrayEquals(new double[] {0, 1, 4, 9}, sorted, 1e-9);
    }
}
