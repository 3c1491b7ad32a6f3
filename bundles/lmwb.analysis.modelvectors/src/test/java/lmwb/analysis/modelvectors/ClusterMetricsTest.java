package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterMetricsTest {
    // points on a line: a at 0, 1, 2; b at 10, 11; c at 5 (hand-computed expectations below)
    private static final double[][] POINTS = {{0}, {1}, {2}, {10}, {11}, {5}};

    @Test
    void precisionAtKMinusOneOnHandMadePoints() {
        double[][] d = ClusterMetrics.euclidean(POINTS);
        String[] labels = {"a", "a", "a", "b", "b", "c"};
        // a (k = 3): each point's 2 nearest are the other two a's → 1; b (k = 2): nearest is the other b → 1;
        // c is a singleton and not scored
        assertEquals(1.0, ClusterMetrics.precisionAtKMinus1(d, labels), 1e-12);
        String[] mixed = {"a", "a", "b", "b", "a", null};
        // point 0 (a, k=3): nearest 1 (a), 2 (b) → 1/2; point 1: nearest 0 (a), 2 (b) → 1/2;
        // point 4 (a): nearest 3 (b, d=1), 5 (unlabelled, d=6) → 0; point 2 (b, k=2): nearest 1 (a) → 0;
        // point 3 (b): nearest 4 (a) → 0. Mean over 5 = 0.2
        assertEquals(0.2, ClusterMetrics.precisionAtKMinus1(d, mixed), 1e-12);
    }

    @Test
    void knnMajorityVoteOnHandMadePoints() {
        double[][] d = ClusterMetrics.euclidean(POINTS);
        String[] labels = {"a", "a", "a", "b", "b", "c"};
        // k = 1: a's right (3/3), b's right (2/2), c (5) → nearest 2 (a) wrong: 5/6
        assertEquals(5.0 / 6, ClusterMetrics.knnAccuracy(d, labels, 1), 1e-12);
        // k = 3: point 3 (b) neighbours 4 (b), 5 (c), 2 (a) → tie 1:1:1, nearest wins → b right;
        // point 4: 3 (b), 5 (c), 2 (a) → b right; a's: two a's among 3 → right; c: 2, 1 (a), 3 (b) → a wrong
        assertEquals(5.0 / 6, ClusterMetrics.knnAccuracy(d, labels, 3), 1e-12);
    }

    @Test
    void silhouetteOnHandMadePoints() {
        double[][] d = ClusterMetrics.euclidean(new double[][] {{0}, {1}, {4}, {5}});
        String[] labels = {"a", "a", "b", "b"};
        // point 0: a = 1, b = (4 + 5) / 2 = 4.5 → 3.5/4.5; point 1: a = 1, b = 3.5 → 2.5/3.5; symmetric for b
        double expected = (3.5 / 4.5 + 2.5 / 3.5) / 2;
        assertEquals(expected, ClusterMetrics.silhouette(d, labels), 1e-12);
        // a singleton scores 0 and counts in the mean
        double[][] d3 = ClusterMetrics.euclidean(new double[][] {{0}, {1}, {4}, {5}, {20}});
        double withSingleton = ClusterMetrics.silhouette(d3, new String[] {"a", "a", "b", "b", "c"});
        // b's b-distance changes nothing (c is farther than a): same four values, plus a 0
        assertEquals(4 * expected / 5, withSingleton, 1e-12);
        assertTrue(Double.isNaN(ClusterMetrics.silhouette(d, new String[] {"a", "a", "a", "a"})));
    }

    @Test
    void cosineDistanceFromGram() {
        // vectors (1, 0), (1, 1), (0, 0): cos = 1/√2 → 1 − 1/√2; the zero vector is at distance 1
        double[][] gram = {{1, 1, 0}, {1, 2, 0}, {0, 0, 0}};
        double[][] d = ClusterMetrics.cosineFromGram(gram);
        assertEquals(1 - 1 / Math.sqrt(2), d[0][1], 1e-12);
        assertEquals(1.0, d[0][2], 0.0);
        assertEquals(0.0, d[1][1], 0.0);
    }

    @Test
    void shuffledLabelsDestroyAPerfectClusteringAndAreSeeded() {
        double[][] pts = new double[12][];
        String[] labels = new String[12];
        for (int i = 0; i < 12; i++) {
            pts[i] = new double[] {10 * (i / 3) + 0.1 * (i % 3)};
            labels[i] = "d" + i / 3;
        }
        double[][] d = ClusterMetrics.euclidean(pts);
        ClusterMetrics.Scores s = ClusterMetrics.scores(d, labels, 2);
        assertEquals(1.0, s.precision(), 1e-12);
        assertEquals(1.0, s.knn(), 1e-12);
        ClusterMetrics.Scores sh = ClusterMetrics.shuffled(d, labels, 2, 50, 42);
        assertTrue(sh.precision() < 0.6 && sh.silhouette() < 0.3, sh.toString());
        assertEquals(sh, ClusterMetrics.shuffled(d, labels, 2, 50, 42));
    }
}
