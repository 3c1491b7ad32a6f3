package lmwb.analysis.redundancy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.api.FloatMatrix;
import org.junit.jupiter.api.Test;

class CorrelationClusteringTest {

    /**
     * The textbook O(N³) agglomeration: repeatedly merge the two clusters with the smallest mean pairwise
     * (original) distance while it is ≤ t. Labels are numbered by each cluster's smallest member.
     */
    static int[] reference(int n, float[] condensed, double t) {
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        while (clusters.size() > 1) {
            double best = Double.POSITIVE_INFINITY;
            int ba = -1;
            int bb = -1;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double s = 0;
                    for (int i : clusters.get(a)) {
                        for (int j : clusters.get(b)) {
                            s += condensed[(int) CorrelationClustering.index(n, Math.min(i, j), Math.max(i, j))];
                        }
                    }
                    s /= clusters.get(a).size() * clusters.get(b).size();
                    if (s < best) {
                        best = s;
                        ba = a;
                        bb = b;
                    }
                }
            }
            if (best > t) {
                break;
            }
            clusters.get(ba).addAll(clusters.remove(bb));
        }
        int[] labels = new int[n];
        clusters.sort((p, q) -> Integer.compare(p.stream().min(Integer::compare).get(), q.stream().min(Integer::compare).get()));
        for (int c = 0; c < clusters.size(); c++) {
            for (int i : clusters.get(c)) {
                labels[i] = c;
            }
        }
        return labels;
    }

    private static FloatMatrix random(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        // A few latent factors so that correlations span a useful range.
        double[][] f = new double[n][3];
        for (double[] row : f) {
            for (int k = 0; k < 3; k++) {
                row[k] = r.nextGaussian();
            }
        }
        double[][] load = new double[d][3];
        for (double[] l : load) {
            for (int k = 0; k < 3; k++) {
                l[k] = r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double s = r.nextGaussian() * 0.8;
                for (int k = 0; k < 3; k++) {
                    s += f[i][k] * load[j][k];
                }
                v[i * d + j] = (float) s;
            }
        }
        return FloatMatrix.wrap(n, d, v);
    }

    @Test
    void partitionsEqualTheCubicReferenceOnRandomInputs() {
        double[] thresholds = {0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.9};
        int compared = 0;
        for (long seed = 1; seed <= 6; seed++) {
            int d = 12 + (int) seed * 5;
            FloatMatrix x = random(60, d, seed);
            float[] dist = CorrelationClustering.correlationDistances(x);
            CorrelationClustering c = CorrelationClustering.ofDistances(d, dist);
            assertEquals(d - 1, c.merges().size());
            for (double t : thresholds) {
                // Skip a cut within rounding distance of a merge height: float Lance–Williams updates and the
                // reference's double means may order such a near-tie differently.
                boolean nearTie = c.merges().stream().anyMatch(m -> Math.abs(m.distance() - t) < 1e-5);
                if (nearTie) {
                    continue;
                }
                assertArrayEquals(reference(d, dist, t), c.cut(t), "seed " + seed + " t " + t);
                compared++;
            }
        }
        assertTrue(compared >= 40, "compared " + compared + " cuts");
    }

    @Test
    void plantedCorrelatedGroupsAreRecoveredAndConstantNeuronsStaySingletons() {
        // Three groups of 4 neurons, each a noisy copy (r ≈ 0.99) of its own independent signal, two
        // independent neurons and two constant ones.
        int n = 500;
        int d = 16;
        Random r = new Random(7);
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            double[] s = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            for (int g = 0; g < 3; g++) {
                for (int m = 0; m < 4; m++) {
                    v[i * d + g * 4 + m] = (float) ((m + 1) * s[g] + 0.1 * r.nextGaussian());
                }
            }
            v[i * d + 12] = (float) r.nextGaussian();
            v[i * d + 13] = (float) r.nextGaussian();
            v[i * d + 14] = 1.5f;
            v[i * d + 15] = 0f;
        }
        CorrelationClustering c = CorrelationClustering.ofNeurons(FloatMatrix.wrap(n, d, v));
        int[] labels = c.cut(0.3);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 5, 6}, labels);
        int[] medoids = c.medoids(labels);
        assertEquals(7, medoids.length);
        for (int g = 0; g < 3; g++) {
            int m = medoids[g];
            assertTrue(m >= g * 4 && m < g * 4 + 4, "medoid of group " + g + " is " + m);
        }
        assertArrayEquals(new int[] {12, 13, 14, 15}, Arrays.copyOfRange(medoids, 3, 7));
        // Constant neurons have distance exactly 1 to everything, so even a loose cut keeps them apart.
        int[] loose = c.cut(0.99);
        assertTrue(Arrays.stream(loose).filter(l -> l == loose[14]).count() == 1);
        assertTrue(Arrays.stream(loose).filter(l -> l == loose[15]).count() == 1);
    }

    @Test
    void minusOneMeansNoClustering() {
        CorrelationClustering c = CorrelationClustering.ofNeurons(random(30, 10, 3));
        int[] labels = c.cut(CorrelationClustering.NONE);
        for (int i = 0; i < 10; i++) {
            assertEquals(i, labels[i]);
        }
        assertEquals(10, c.medoids(labels).length);
        assertThrows(IllegalArgumentException.class, () -> c.cut(2.5));
    }

    @Test
    void medoidIsDeterministicAndMinimisesTheDistanceSum() {
        // Points 0..3: distances chosen by hand; 1 is closest to the others (sum 0.3 vs 0.5, 0.5, 0.7).
        float[] dist = {0.1f, 0.2f, 0.2f, 0.1f, 0.1f, 0.4f};
        CorrelationClustering c = CorrelationClustering.ofDistances(4, dist);
        int[] labels = c.cut(1.0);
        assertArrayEquals(new int[] {0, 0, 0, 0}, labels);
        assertArrayEquals(new int[] {1}, c.medoids(labels));
    }
}
