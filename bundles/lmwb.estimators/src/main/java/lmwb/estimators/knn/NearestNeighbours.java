package lmwb.estimators.knn;

import java.util.Arrays;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.estimators.linalg.LinearAlgebra;

/**
 * Leave-one-out k nearest neighbours computed the way TransformerRanker does in float32: Euclidean squared
 * distances through the matrix-product expansion {@code -2a·b + |a|² + |b|²}, accumulated in that order
 * (what {@code torch.cdist} does for more than 25 rows, and the reference's
 * {@code [-2a, |a|², 1] · [b, 1, |b|²]ᵀ}), clamped at 0 and square-rooted; cosine distances as
 * {@code 1 - â·b̂}. Row norms are summed in numpy's pairwise order. Neighbours are ordered by (distance,
 * index), so exact ties go to the lower index as in the reference.
 *
 * <p>The Gram products are symmetric ({@code a·b} and {@code b·a} are the same products in the same order),
 * so only the lower staircase of {@code X Xᵀ} is computed, block row by block row: half the work of the
 * reference's full {@code N × N} product. Memory: one block of {@link #BLOCK_ROWS} × N floats.
 */
final class NearestNeighbours {
    /** Rows of one product block. */
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
     * @param cancel checked before and after each block's product
     * @return row-major n×k neighbour indices, nearest first
     */
    static int[] find(float[] x, int n, int d, int k, boolean cosine, LinearAlgebra la, CancellationToken cancel) {
        float[] rows = x;
        float[] norm = new float[n];
        float[] sq = new float[d];
        if (cosine) {
            rows = new float[n * d];
        }
        for (int i = 0; i < n; i++) {
            if (i % BLOCK_ROWS == 0) {
                cancel.throwIfCancelled();
            }
            for (int p = 0; p < d; p++) {
                float v = x[i * d + p];
                sq[p] = v * v;
            }
            norm[i] = pairwiseSum(sq, 0, d);
            if (cosine) {
                float len = Math.max((float) Math.sqrt(norm[i]), 1e-8f);
                for (int p = 0; p < d; p++) {
                    rows[i * d + p] = x[i * d + p] / len;
                }
            }
        }
        TopK top = new TopK(n, k, cosine);
        int blockRows = Math.min(BLOCK_ROWS, n);
        float[] block = new float[blockRows * n];
        try (LinearAlgebra.SelfProduct product = la.selfProduct(rows, n, d)) {
            for (int i0 = 0; i0 < n; i0 += blockRows) {
                cancel.throwIfCancelled();
                int m = Math.min(blockRows, n - i0);
                int cols = i0 + m;
                product.rows(i0, m, cols, block);
                cancel.throwIfCancelled();
                final int start = i0;
                // rows of this block against every row up to the block's end (the block's own rows included)
                IntStream.range(0, m).parallel().forEach(r -> {
                    int i = start + r;
                    int off = r * cols;
                    for (int j = 0; j < cols; j++) {
                        if (j != i) {
                            top.offer(i, j, cosine ? 1f - block[off + j] : (-2f * block[off + j] + norm[i]) + norm[j]);
                        }
                    }
                });
                // earlier rows against this block's rows, from the same (symmetric) products; each task owns a
                // range of earlier rows and reads the block row by row (sequentially, cache-friendly)
                int chunk = Math.max(256, (start + 7) / 8);
                IntStream.range(0, (start + chunk - 1) / chunk).parallel().forEach(t -> {
                    int j0 = t * chunk;
                    int j1 = Math.min(start, j0 + chunk);
                    for (int r = 0; r < m; r++) {
                        int i = start + r;
                        int off = r * cols;
                        float ni = norm[i];
                        for (int j = j0; j < j1; j++) {
                            float p = block[off + j];
                            top.offer(j, i, cosine ? 1f - p : (-2f * p + norm[j]) + ni);
                        }
                    }
                });
            }
        }
        return top.indices;
    }

    /** Per row, the k smallest (distance, index) pairs seen so far, ascending. Rows are updated independently. */
    private static final class TopK {
        final int k;
        final boolean cosine;
        final float[] dist;
        final int[] indices;
        /** Euclidean: raw squared distances at or above this cannot enter (their sqrt exceeds the k-th). */
        final double[] bound;

        TopK(int n, int k, boolean cosine) {
            this.k = k;
            this.cosine = cosine;
            dist = new float[n * k];
            indices = new int[n * k];
            bound = new double[n];
            Arrays.fill(dist, Float.POSITIVE_INFINITY);
            Arrays.fill(indices, Integer.MAX_VALUE);
            Arrays.fill(bound, Double.POSITIVE_INFINITY);
        }

        /** @param raw the cosine distance, or the squared Euclidean distance before clamping and sqrt */
        void offer(int row, int j, float raw) {
            float dj;
            if (cosine) {
                dj = raw;
            } else {
                if (raw >= bound[row]) {
                    return;
                }
                dj = (float) Math.sqrt(Math.max(raw, 0f));
            }
            int base = row * k;
            int last = base + k - 1;
            if (dj > dist[last] || (dj == dist[last] && j > indices[last])) {
                return;
            }
            int pos = last;
            while (pos > base && (dist[pos - 1] > dj || (dist[pos - 1] == dj && indices[pos - 1] > j))) {
                dist[pos] = dist[pos - 1];
                indices[pos] = indices[pos - 1];
                pos--;
            }
            dist[pos] = dj;
            indices[pos] = j;
            if (!cosine) {
                double up = Math.nextUp(dist[last]);
                bound[row] = up * up;
            }
        }
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
