package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    /** Three seeded Gaussian clusters of 4 points in 20 dimensions, centres 10 apart. */
    private static double[][] clusters() {
        Random r = new Random(5);
        double[][] x = new double[12][20];
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < 20; k++) {
                x[i][k] = r.nextGaussian() + (k == i / 4 ? 10 : 0);
            }
        }
        return x;
    }

    @Test
    void tsneIsDeterministicUnderASeedAndSeparatesClusters() {
        double[][] x = clusters();
        double[][] d = ClusterMetrics.euclidean(x);
        double p = Projection.perplexity(12);
        assertEquals(11.0 / 3, p, 1e-12);
        double[][] a = Projection.tsne(d, p, 42);
        double[][] b = Projection.tsne(d, p, 42);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
        }
        double[][] c = Projection.tsne(d, p, 43);
        assertFalse(Arrays.deepEquals(a, c), "another seed gives another layout");
        String[] labels = new String[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = "c" + i / 4;
        }
        assertEquals(1.0, ClusterMetrics.precisionAtKMinus1(ClusterMetrics.euclidean(a), labels), 1e-12,
                "well-separated clusters stay separated in 2-D");
    }

    @Test
    void affinitiesReachThePerplexity() {
        double[][] d = ClusterMetrics.euclidean(clusters());
        double[][] p = Projection.affinities(d, 3.0);
        double total = 0;
        for (double[] row : p) {
            for (double v : row) {
                total += v;
            }
        }
        // symmetric joint P sums to 1 (diagonal clamped at 1e-12 each)
        assertEquals(1.0, total, 1e-9);
    }

    @Test
    void pcaRecoversTheDominantAxis() {
        // points along (1, 1, 0) at t = −2..2 plus a small orthogonal wobble: PC1 coordinates are t·√2
        double[][] x = new double[5][];
        for (int t = -2; t <= 2; t++) {
            x[t + 2] = new double[] {t, t, 0.01 * (t % 2)};
        }
        double[][] y = Projection.pca(x);
        for (int t = -2; t <= 2; t++) {
            assertEquals(Math.abs(t) * Math.sqrt(2), Math.abs(y[t + 2][0]), 1e-3);
        }
    }
}
