package lmwb.estimators.knn;

import java.util.Arrays;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.estimators.linalg.LinearAlgebra;

/**
 * Leave-one-out k nearest neighbours computed the way TransformerRanker does in float32: Euclidean
 * distances through the matrix-product expansion {@code [-2a, |a|², 1] · [b, 1, |b|²]ᵀ} (what
 * {@code torch.cdist} does for more than 25 rows), clamped at 0 and square-rooted; cosine distances as
 * {@code 1 - â·b̂}. Row norms are summed in numpy's pairwise order, so that equal distances in exact
 * arithmetic round, and therefore tie, as in the reference. Neighbours are ordered by (distance, index).
 */
final class NearestNeighbours {
    /** Rows of one distance block; the block holds {@code BLOCK_ROWS × N} floats. */
    static final int BLOCK_ROWS = 256;

    private NearestNeighbours() {
    }

    /**
     * @param x row-major n×d float32 embeddings
     * @param n rows
     * @param d columns
     * @param k neighbours per row, {@code 1 <= k < n}
     * @param cosine cosine instead of Euclidean distance
     * @param la backend for the block products
     * @param cancel checked between blocks
     * @return row-major n×k neighbour indices, nearest first
     */
    static int[] find(float[] x, int n, int d, int k, boolean cosine, LinearAlgebra la, CancellationToken cancel) {
        int kk;
        float[] right;
        float[] rowNorm = null;
        if (cosine) {
            kk = d;
            right = new float[n * d];
            float[] sq = new float[d];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < d; p++) {
                    float v = x[i * d + p];
                    sq[p] = v * v;
                }
                float norm = Math.max((float) Math.sqrt(pairwiseSum(sq, 0, d)), 1e-8f);
                for (int p = 0; p < d; p++) {
                    right[i * d + p] = x[i * d + p] / norm;
                }
            }
        } else {
            kk = d + 2;
            right = new float[n * kk];
            rowNorm = new float[n];
            float[] sq = new float[d];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < d; p++) {
                    float v = x[i * d + p];
                    sq[p] = v * v;
                }
                rowNorm[i] = pairwiseSum(sq, 0, d);
                System.arraycopy(x, i * d, right, i * kk, d);
                right[i * kk + d] = 1f;
                right[i * kk + d + 1] = rowNorm[i];
            }
        }
        int[] result = new int[n * k];
        int blockRows = Math.min(BLOCK_ROWS, n);
        float[] left = new float[blockRows * kk];
        float[] dist = new float[blockRows * n];
        try (LinearAlgebra.RowBlockProduct product = la.rowBlockProduct(right, n, kk)) {
            for (int start = 0; start < n; start += blockRows) {
                cancel.throwIfCancelled();
                int m = Math.min(blockRows, n - start);
                for (int r = 0; r < m; r++) {
                    int i = start + r;
                    if (cosine) {
                        System.arraycopy(right, i * d, left, r * kk, d);
                    } else {
                        for (int p = 0; p < d; p++) {
                            left[r * kk + p] = x[i * d + p] * -2f;
                        }
                        left[r * kk + d] = rowNorm[i];
                        left[r * kk + d + 1] = 1f;
                    }
                }
                product.multiply(left, m, dist);
                final int s = start;
                IntStream.range(0, m).parallel().forEach(r -> selectRow(dist, r * n, n, s + r, k, cosine, result));
            }
        }
        return result;
    }

    private static void selectRow(float[] raw, int off, int n, int self, int k, boolean cosine, int[] out) {
        float[] bestD = new float[k];
        int[] bestI = new int[k];
        Arrays.fill(bestD, Float.POSITIVE_INFINITY);
        Arrays.fill(bestI, Integer.MAX_VALUE);
        // Euclidean: a squared distance v can only enter when sqrt(v) rounds to at most the current k-th
        // distance, i.e. v < nextUp(kth)² (exact in double); everything else is skipped without a sqrt
        double bound = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j == self) {
                continue;
            }
            float v = raw[off + j];
            if (!cosine && v >= bound) {
                continue;
            }
            float dj = cosine ? 1f - v : (float) Math.sqrt(Math.max(v, 0f));
            if (dj < bestD[k - 1] || (dj == bestD[k - 1] && j < bestI[k - 1])) {
                int pos = k - 1;
                while (pos > 0 && (bestD[pos - 1] > dj || (bestD[pos - 1] == dj && bestI[pos - 1] > j))) {
                    bestD[pos] = bestD[pos - 1];
                    bestI[pos] = bestI[pos - 1];
                    pos--;
                }
                bestD[pos] = dj;
                bestI[pos] = j;
                double up = Math.nextUp(bestD[k - 1]);
                bound = up * up;
            }
        }
        System.arraycopy(bestI, 0, out, self * k, k);
    }

    /** numpy's pairwise summation of a contiguous float32 run (8 partial sums, halving above 128). */
    static float pairwiseSum(float[] a, int off, int len) {
        if (len < 8) {
            float res = 0f;
            for (int i = 0; i < len; i++) {
                res += a[off + i];
            }
            return res;
        }
        if (len <= 128) {
            float r0 = a[off];
            float r1 = a[off + 1];
            float r2 = a[off + 2];
            float r3 = a[off + 3];
            float r4 = a[off + 4];
            float r5 = a[off + 5];
            float r6 = a[off + 6];
            float r7 = a[off + 7];
            int i = 8;
            int end = len - len % 8;
            for (; i < end; i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < len; i++) {
                res += a[off + i];
            }
            return res;
        }
        int half = len / 2;
        half -= half % 8;
        return pairwiseSum(a, off, half) + pairwiseSum(a, off + half, len - half);
    }
}
