package lmwb.analysis.redundancy;

import java.util.stream.IntStream;

/**
 * Dot products between the columns of two column-major float matrices, accumulated in double precision:
 * {@code out[i][j] = a[i] · b[j]}. Work is split over 4 × 4 register tiles and run on the common
 * fork-join pool, which pays on the few cores of a workstation without a native BLAS.
 */
final class CrossProducts {
    private static final int TILE = 4;

    private CrossProducts() {
    }

    /**
     * @param a columns of the first matrix, each of length n
     * @param b columns of the second matrix, each of length n
     * @return the |a| × |b| matrix of dot products
     */
    static double[][] of(float[][] a, float[][] b) {
        double[][] out = new double[a.length][b.length];
        int tiles = (a.length + TILE - 1) / TILE;
        IntStream.range(0, tiles).parallel().forEach(t -> {
            int i0 = t * TILE;
            int i1 = Math.min(a.length, i0 + TILE);
            for (int j0 = 0; j0 < b.length; j0 += TILE) {
                tile(a, b, i0, i1, j0, Math.min(b.length, j0 + TILE), out);
            }
        });
        return out;
    }

    /**
     * The Gram matrix of the columns of {@code a}: only the upper triangle is computed, then mirrored.
     *
     * @param a columns, each of length n
     * @return the symmetric |a| × |a| matrix of dot products
     */
    static double[][] gram(float[][] a) {
        int d = a.length;
        double[][] out = new double[d][d];
        int tiles = (d + TILE - 1) / TILE;
        // Interleave big and small rows of the triangle so the parallel split stays balanced.
        IntStream.range(0, tiles).parallel().forEach(k -> {
            int t = (k % 2 == 0) ? k / 2 : tiles - 1 - k / 2;
            int i0 = t * TILE;
            int i1 = Math.min(d, i0 + TILE);
            for (int j0 = i0; j0 < d; j0 += TILE) {
                tile(a, a, i0, i1, j0, Math.min(d, j0 + TILE), out);
            }
        });
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                out[i][j] = out[j][i];
            }
        }
        return out;
    }

    private static void tile(float[][] a, float[][] b, int i0, int i1, int j0, int j1, double[][] out) {
        if (i1 - i0 == TILE && j1 - j0 == TILE) {
            full(a[i0], a[i0 + 1], a[i0 + 2], a[i0 + 3], b[j0], b[j0 + 1], b[j0 + 2], b[j0 + 3], out, i0, j0);
            return;
        }
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
                out[i][j] = dot(a[i], b[j]);
            }
        }
    }

    private static void full(float[] a0, float[] a1, float[] a2, float[] a3, float[] b0, float[] b1, float[] b2,
            float[] b3, double[][] out, int i0, int j0) {
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        int n = a0.length;
        for (int k = 0; k < n; k++) {
            double x0 = a0[k], x1 = a1[k], x2 = a2[k], x3 = a3[k];
            double y0 = b0[k], y1 = b1[k], y2 = b2[k], y3 = b3[k];
            s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
            s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
            s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
            s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        double[] r0 = out[i0], r1 = out[i0 + 1], r2 = out[i0 + 2], r3 = out[i0 + 3];
        r0[j0] = s00; r0[j0 + 1] = s01; r0[j0 + 2] = s02; r0[j0 + 3] = s03;
        r1[j0] = s10; r1[j0 + 1] = s11; r1[j0 + 2] = s12; r1[j0 + 3] = s13;
        r2[j0] = s20; r2[j0 + 1] = s21; r2[j0 + 2] = s22; r2[j0 + 3] = s23;
        r3[j0] = s30; r3[j0 + 1] = s31; r3[j0 + 2] = s32; r3[j0 + 3] = s33;
    }

    /**
     * @param x a vector
     * @param y a vector of the same length
     * @return their dot product in double precision
     */
    static double dot(float[] x, float[] y) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += (double) x[k] * y[k];
        }
        return s;
    }
}
