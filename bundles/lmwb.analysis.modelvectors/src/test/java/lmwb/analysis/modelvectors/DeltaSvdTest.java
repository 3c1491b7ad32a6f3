package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DeltaSvdTest {

    /** Orthonormal columns by Gram-Schmidt of seeded Gaussian vectors: q[j] has length m. */
    static double[][] orthonormal(int m, int k, long seed) {
        Random r = new Random(seed);
        double[][] q = new double[k][m];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                q[j][i] = r.nextGaussian();
            }
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[j][i] * q[p][i];
                }
                for (int i = 0; i < m; i++) {
                    q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            for (int i = 0; i < m; i++) {
                q[j][i] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    /** Σ s_j u_j v_jᵀ, row-major m × n. */
    static double[] planted(double[][] u, double[][] v, double[] s) {
        int m = u[0].length;
        int n = v[0].length;
        double[] a = new double[m * n];
        for (int j = 0; j < s.length; j++) {
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < n; c++) {
                    a[i * n + c] += s[j] * u[j][i] * v[j][c];
                }
            }
        }
        return a;
    }

    @Test
    void recoversThePlantedRankThreeDeltaExactlyInBothOrientations() {
        // expected values by construction: ΔW = 5·u1v1ᵀ + 3·u2v2ᵀ + 1·u3v3ᵀ with orthonormal u, v, so the
        // singular values are 5, 3, 1, the energies 25/35, 34/35, 35/35, and the rank at τ = 1.0 is 3
        double[] s = {5, 3, 1};
        int[][] shapes = {{96, 24}, {24, 96}};
        for (int[] shape : shapes) {
            double[][] u = orthonormal(shape[0], 3, 1);
            double[][] v = orthonormal(shape[1], 3, 2);
            DeltaSvd d = DeltaSvd.of(planted(u, v, s), shape[0], shape[1], 4);
            assertEquals(5, d.sigma()[0], 1e-9);
            assertEquals(3, d.sigma()[1], 1e-9);
            assertEquals(1, d.sigma()[2], 1e-9);
            for (int i = 3; i < d.sigma().length; i++) {
                assertEquals(0, d.sigma()[i], "σ_" + (i + 1) + " of a rank-3 matrix");
            }
            double[] e = d.energies();
            assertEquals(25.0 / 35, e[0], 1e-12);
            assertEquals(34.0 / 35, e[1], 1e-12);
            assertEquals(1.0, e[2], 1e-12);
            assertEquals(3, d.rankAtEnergy(1.0));
            assertEquals(1, d.rankAtEnergy(0.5));
            assertEquals(1, d.rankAtEnergy(25.0 / 35 - 1e-9));
            assertEquals(2, d.rankAtEnergy(0.9));
            assertEquals(3, d.rankAtEnergy(0.99));
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                for (int i = 0; i < shape[0]; i++) {
                    dot += d.u()[j][i] * u[j][i];
                }
                assertEquals(1.0, Math.abs(dot), 1e-9, "u_" + (j + 1) + " equals the planted one up to sign");
            }
            assertArrayEquals(new double[shape[0]], d.u()[3], "the 4th singular vector of a rank-3 matrix is undefined");
        }
    }

    @Test
    void factorProductOfRankThreeHasRankThreeAtFullEnergy() {
        // ΔW = A·Bᵀ with A 64×3, B 32×3 Gaussian: rank 3 with probability 1
        Random r = new Random(7);
        double[] a = new double[64 * 3];
        double[] b = new double[32 * 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        double[] w = new double[64 * 32];
        double frob = 0;
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 32; j++) {
                for (int k = 0; k < 3; k++) {
                    w[i * 32 + j] += a[i * 3 + k] * b[j * 3 + k];
                }
                frob += w[i * 32 + j] * w[i * 32 + j];
            }
        }
        DeltaSvd d = DeltaSvd.of(w, 64, 32, 8);
        assertEquals(3, d.rankAtEnergy(1.0));
        double energy = 0;
        for (double s : d.sigma()) {
            energy += s * s;
        }
        assertEquals(frob, energy, 1e-9 * frob, "Σσ² equals the squared Frobenius norm");
    }

    @Test
    void rightVectorsAndTruncatedProductsMatchTheDefinition() {
        // planted rank-3 matrices A (s = 5, 3, 1) and B (s = 2, 2, 1; a repeated value) in the wide orientation:
        // at r = 3 the truncations are the matrices themselves, so the product is Σ a_ij b_ij
        for (int[] shape : new int[][] {{24, 96}, {96, 24}}) {
            double[] a = planted(orthonormal(shape[0], 3, 1), orthonormal(shape[1], 3, 2), new double[] {5, 3, 1});
            double[] b = planted(orthonormal(shape[0], 3, 3), orthonormal(shape[1], 3, 4), new double[] {2, 2, 1});
            DeltaSvd da = DeltaSvd.of(a, shape[0], shape[1], 3);
            DeltaSvd db = DeltaSvd.of(b, shape[0], shape[1], 3);
            double direct = 0;
            for (int i = 0; i < a.length; i++) {
                direct += a[i] * b[i];
            }
            assertEquals(direct, da.truncatedDot(db, 3), 1e-9);
            assertEquals(35.0, da.truncatedDot(da, 3), 1e-9, "‖A‖² = 25 + 9 + 1");
            assertEquals(25.0, da.truncatedDot(da, 1), 1e-9, "rank-1 truncation: σ₁²");
            for (int j = 0; j < 3; j++) {
                // ΔW v_j = σ_j u_j
                for (int r = 0; r < shape[0]; r++) {
                    double s = 0;
                    for (int c = 0; c < shape[1]; c++) {
                        s += a[r * shape[1] + c] * da.v()[j][c];
                    }
                    assertEquals(da.sigma()[j] * da.u()[j][r], s, 1e-9);
                }
            }
        }
    }

    @Test
    void feedForwardSizedDeltaWithADecayingSpectrum() {
        // a MiniLM W1-sized delta (1536 × 384) with planted σ_i = exp(−i / 40): the Gram route must give the
        // leading values to ~1e-12 relative and the ranks at energy exactly as computed from the planted σ
        int m = 1536;
        int n = 384;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.exp(-i / 40.0);
        }
        DeltaSvd d = DeltaSvd.of(planted(orthonormal(m, n, 21), orthonormal(n, n, 22), s), m, n, 8);
        for (int i = 0; i < 100; i++) {
            assertEquals(s[i], d.sigma()[i], 1e-9 * s[0], "σ_" + (i + 1));
        }
        double total = 0;
        for (double x : s) {
            total += x * x;
        }
        for (double tau : new double[] {0.5, 0.9, 0.99}) {
            int expected = 0;
            double cum = 0;
            while (cum < tau * total) {
                cum += s[expected] * s[expected];
                expected++;
            }
            assertEquals(expected, d.rankAtEnergy(tau), "rank at " + tau);
        }
    }

    @Test
    void zeroDeltaHasRankZero() {
        DeltaSvd d = DeltaSvd.of(new double[12], 4, 3, 2);
        assertEquals(0, d.rankAtEnergy(0.5));
        assertEquals(0, d.rankAtEnergy(1.0));
        assertThrows(IllegalArgumentException.class, () -> d.rankAtEnergy(0));
        assertThrows(IllegalArgumentException.class, () -> d.rankAtEnergy(1.5));
    }

    @Test
    void fullRankGaussianMatchesCommonsMathSvd() {
        // accuracy check against commons-math3's direct SVD (an independent algorithm)
        Random r = new Random(3);
        int m = 40;
        int n = 15;
        double[] w = new double[m * n];
        double[][] rows = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                w[i * n + j] = rows[i][j] = r.nextGaussian();
            }
        }
        DeltaSvd d = DeltaSvd.of(w, m, n, 3);
        double[] ref = new org.apache.commons.math3.linear.SingularValueDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(rows)).getSingularValues();
        assertArrayEquals(ref, d.sigma(), 1e-10);
    }

    @Test
    void canonicalSignsUndoFlippedSingularPairs() {
        double[] s = {4, 2, 1};
        double[][] u = orthonormal(30, 3, 11);
        double[][] v = orthonormal(20, 3, 12);
        DeltaSvd d = DeltaSvd.of(planted(u, v, s), 30, 20, 3);
        double[][] flipped = new double[3][];
        double[][] flippedV = new double[3][];
        for (int j = 0; j < 3; j++) {
            flipped[j] = d.u()[j].clone();
            flippedV[j] = d.v()[j].clone();
            if (j != 1) {
                for (int i = 0; i < flipped[j].length; i++) {
                    flipped[j][i] = -flipped[j][i];
                }
                for (int i = 0; i < flippedV[j].length; i++) {
                    flippedV[j][i] = -flippedV[j][i];
                }
            }
        }
        DeltaSvd other = new DeltaSvd(30, 20, d.sigma(), flipped, flippedV);
        assertEquals(d.truncatedDot(d, 3), other.truncatedDot(d, 3), 1e-12, "truncated products ignore signs");
        DeltaSvd a = d.canonicalSigns();
        DeltaSvd b = other.canonicalSigns();
        assertArrayEquals(a.v()[0], b.v()[0], 0.0, "v flips with u");
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(a.u()[j], b.u()[j], 0.0);
            int arg = 0;
            for (int i = 1; i < 30; i++) {
                if (Math.abs(a.u()[j][i]) > Math.abs(a.u()[j][arg])) {
                    arg = i;
                }
            }
            assertEquals(true, a.u()[j][arg] > 0, "largest-magnitude entry positive");
        }
        assertNotEquals(d.u()[0][0], other.u()[0][0]);
    }
}
