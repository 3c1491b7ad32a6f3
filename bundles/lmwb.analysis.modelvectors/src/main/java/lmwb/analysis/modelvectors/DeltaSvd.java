package lmwb.analysis.modelvectors;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The exact singular value decomposition of a weight delta, computed in double precision through the
 * eigendecomposition of the smaller Gram matrix ({@code ΔWᵀΔW} or {@code ΔWΔWᵀ}, at most 384 × 384 for a
 * MiniLM layer) instead of a randomised SVD.
 *
 * <p>Squaring the matrix costs accuracy only in the smallest singular values (an absolute error near
 * {@code sqrt(n·ε)·σ₁ ≈ 3e-7·σ₁}); values below {@value #RELATIVE_CUTOFF}·σ₁ are therefore taken as exact zeros
 * and their singular vectors as undefined (zero columns), which also makes the rank of an exactly low-rank
 * delta come out exact.
 *
 * @param rows m, the output dimension
 * @param cols n, the input dimension
 * @param sigma all min(m, n) singular values, descending
 * @param u the leading left singular vectors, {@code u[j]} of length m (a zero vector when σ_j is zero)
 * @param v the matching right singular vectors, {@code v[j]} of length n (zero when σ_j is zero)
 */
record DeltaSvd(int rows, int cols, double[] sigma, double[][] u, double[][] v) {
    /** Singular values below this share of the largest are zeros (Gram-matrix round-off). */
    static final double RELATIVE_CUTOFF = 1e-6;

    /**
     * @param data ΔW row-major {@code [rows, cols]}
     * @param rows m
     * @param cols n
     * @param keep how many left singular vectors to return
     * @return the decomposition
     */
    static DeltaSvd of(double[] data, int rows, int cols, int keep) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("matrix of " + rows + " x " + cols + " needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        boolean tall = rows >= cols;
        int k = Math.min(rows, cols);
        double[][] g = tall ? gramColumns(data, rows, cols) : gramRows(data, rows, cols);
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(g, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] sigma = new double[k];
        for (int i = 0; i < k; i++) {
            sigma[i] = Math.sqrt(Math.max(0, values[order[i]]));
        }
        double cut = sigma.length == 0 ? 0 : sigma[0] * RELATIVE_CUTOFF;
        for (int i = 0; i < k; i++) {
            if (sigma[i] <= cut) {
                sigma[i] = 0;
            }
        }
        RealMatrix vectors = eig.getV();
        int kept = Math.min(keep, k);
        double[][] u = new double[Math.max(keep, 0)][];
        double[][] v = new double[u.length][];
        for (int j = 0; j < u.length; j++) {
            u[j] = new double[rows];
            v[j] = new double[cols];
            if (j >= kept || sigma[j] == 0) {
                continue;
            }
            double[] e = vectors.getColumn(order[j]);
            if (tall) {
                // u_j = ΔW v_j / σ_j
                System.arraycopy(e, 0, v[j], 0, cols);
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    int off = r * cols;
                    for (int c = 0; c < cols; c++) {
                        s += data[off + c] * e[c];
                    }
                    u[j][r] = s / sigma[j];
                }
            } else {
                // v_j = ΔWᵀ u_j / σ_j
                System.arraycopy(e, 0, u[j], 0, rows);
                for (int r = 0; r < rows; r++) {
                    int off = r * cols;
                    double x = e[r] / sigma[j];
                    for (int c = 0; c < cols; c++) {
                        v[j][c] += data[off + c] * x;
                    }
                }
            }
        }
        return new DeltaSvd(rows, cols, sigma, u, v);
    }

    /** ΔWᵀΔW, n × n. */
    private static double[][] gramColumns(double[] a, int m, int n) {
        double[][] g = new double[n][n];
        for (int r = 0; r < m; r++) {
            int off = r * n;
            for (int i = 0; i < n; i++) {
                double x = a[off + i];
                if (x == 0) {
                    continue;
                }
                double[] gi = g[i];
                for (int j = i; j < n; j++) {
                    gi[j] += x * a[off + j];
                }
            }
        }
        mirror(g);
        return g;
    }

    /** ΔWΔWᵀ, m × m. */
    private static double[][] gramRows(double[] a, int m, int n) {
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            int oi = i * n;
            for (int j = i; j < m; j++) {
                int oj = j * n;
                double s = 0;
                for (int c = 0; c < n; c++) {
                    s += a[oi + c] * a[oj + c];
                }
                g[i][j] = s;
            }
        }
        mirror(g);
        return g;
    }

    private static void mirror(double[][] g) {
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < i; j++) {
                g[i][j] = g[j][i];
            }
        }
    }

    /**
     * @return the cumulative energy shares: entry r − 1 is Σ_{i≤r} σ_i² / Σ σ_i² (all zeros for ΔW = 0)
     */
    double[] energies() {
        double[] cum = new double[sigma.length];
        double s = 0;
        for (int i = 0; i < sigma.length; i++) {
            s += sigma[i] * sigma[i];
            cum[i] = s;
        }
        if (s == 0) {
            return new double[sigma.length];
        }
        for (int i = 0; i < cum.length; i++) {
            cum[i] /= s;
        }
        // the last partial sum is the total, so the full rank reaches exactly 1
        return cum;
    }

    /**
     * @param tau the energy threshold in (0, 1]
     * @return the smallest r with Σ_{i≤r} σ_i² / Σ σ_i² ≥ τ, 0 when ΔW = 0
     */
    int rankAtEnergy(double tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("energy threshold tau must be in (0, 1], got " + tau);
        }
        double total = 0;
        for (double s : sigma) {
            total += s * s;
        }
        if (total == 0) {
            return 0;
        }
        double cum = 0;
        for (int i = 0; i < sigma.length; i++) {
            cum += sigma[i] * sigma[i];
            // summed in the same order as total, so the partial sum equals it once the rest are zeros (τ = 1)
            if (cum >= tau * total) {
                return i + 1;
            }
        }
        return sigma.length;
    }

    /**
     * Makes each kept singular pair's sign canonical: the largest-magnitude entry of u_j (the first on ties)
     * positive. Flipping (u_j, v_j) together leaves ΔW unchanged, so the result no longer depends on the sign the
     * solver happened to return.
     *
     * @return a decomposition with canonical signs
     */
    DeltaSvd canonicalSigns() {
        double[][] cu = new double[u.length][];
        double[][] cv = new double[u.length][];
        for (int j = 0; j < u.length; j++) {
            double[] x = u[j];
            int arg = 0;
            for (int i = 1; i < x.length; i++) {
                if (Math.abs(x[i]) > Math.abs(x[arg])) {
                    arg = i;
                }
            }
            boolean flip = x.length > 0 && x[arg] < 0;
            cu[j] = flip ? negate(x) : x.clone();
            cv[j] = flip ? negate(v[j]) : v[j].clone();
        }
        return new DeltaSvd(rows, cols, sigma, cu, cv);
    }

    /**
     * The inner product of two rank-r truncations, ⟨U_r S_r V_rᵀ, U'_r S'_r V'_rᵀ⟩ = Σ_ij σ_i σ'_j (u_iᵀu'_j)(v_iᵀv'_j):
     * independent of signs and of rotations within repeated singular values.
     *
     * @param o another decomposition of the same shape
     * @param rank r
     * @return the Frobenius inner product of the truncations
     */
    double truncatedDot(DeltaSvd o, int rank) {
        double s = 0;
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < rank; j++) {
                if (sigma[i] == 0 || o.sigma[j] == 0) {
                    continue;
                }
                s += sigma[i] * o.sigma[j] * dot(u[i], o.u[j]) * dot(v[i], o.v[j]);
            }
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] negate(double[] v) {
        double[] n = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            n[i] = -v[i];
        }
        return n;
    }
}
