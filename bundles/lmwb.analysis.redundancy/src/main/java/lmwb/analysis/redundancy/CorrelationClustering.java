package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import lmwb.api.FloatMatrix;

/**
 * Neuron correlation clustering (Dalvi et al., 2020): the absolute Pearson correlation of every pair of
 * neurons over the samples (a constant neuron's undefined correlation counts as 0), distance {@code 1 − |r|},
 * and average-linkage (UPGMA) hierarchical clustering, cut at a distance t: two groups merge while their mean
 * pairwise distance is ≤ t. The dendrogram is built once with the nearest-neighbour-chain algorithm (exact
 * for average linkage, O(N²) time and O(N²) memory in a condensed float matrix), so cutting it at many
 * thresholds is cheap. Each cluster is represented by its medoid (the member with the smallest sum of
 * distances to the others, the lower index on ties), so results are deterministic.
 */
public final class CorrelationClustering {
    /** Threshold meaning "no clustering": every neuron is its own cluster. */
    public static final double NONE = -1;

    /**
     * One merge of the dendrogram.
     *
     * @param a a point of the first cluster
     * @param b a point of the second cluster
     * @param distance the average distance between the two clusters
     */
    public record Merge(int a, int b, double distance) {
    }

    private final int n;
    private final float[] distances;
    private final List<Merge> merges;

    private CorrelationClustering(int n, float[] distances, List<Merge> merges) {
        this.n = n;
        this.distances = distances;
        this.merges = merges;
    }

    /**
     * Clusters the columns (neurons) of an activation matrix.
     *
     * @param activations samples × neurons
     * @return the dendrogram, ready to cut
     */
    public static CorrelationClustering ofNeurons(FloatMatrix activations) {
        return ofDistances(activations.cols(), correlationDistances(activations));
    }

    /**
     * Builds the dendrogram from condensed distances.
     *
     * @param n number of points
     * @param condensed the upper triangle row by row, {@code n(n−1)/2} values; not modified
     * @return the dendrogram
     */
    public static CorrelationClustering ofDistances(int n, float[] condensed) {
        if ((long) n * (n - 1) / 2 != condensed.length) {
            throw new IllegalArgumentException(n + " points need " + ((long) n * (n - 1) / 2) + " distances, got "
                    + condensed.length);
        }
        List<Merge> merges = nnChain(n, condensed.clone());
        return new CorrelationClustering(n, condensed, merges);
    }

    /** @return the number of points */
    public int size() {
        return n;
    }

    /** @return the merges in the order the algorithm found them */
    public List<Merge> merges() {
        return List.copyOf(merges);
    }

    /**
     * Cuts the dendrogram.
     *
     * @param threshold the distance cut t (0 ≤ t ≤ 2), or {@link #NONE}
     * @return for each point its cluster id; ids are numbered by each cluster's smallest member
     */
    public int[] cut(double threshold) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        if (threshold != NONE) {
            if (!(threshold >= 0 && threshold <= 2)) {
                throw new IllegalArgumentException("clustering threshold must be in [0, 2] (distance 1 - |r|) or -1 for "
                        + "none, got " + threshold);
            }
            for (Merge m : merges) {
                if (m.distance() <= threshold) {
                    union(parent, m.a(), m.b());
                }
            }
        }
        int[] labels = new int[n];
        int[] idOfRoot = new int[n];
        Arrays.fill(idOfRoot, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            if (idOfRoot[r] < 0) {
                idOfRoot[r] = next++;
            }
            labels[i] = idOfRoot[r];
        }
        return labels;
    }

    /**
     * @param labels cluster ids from {@link #cut}
     * @return the medoid of each cluster, in cluster-id order (ascending point index)
     */
    public int[] medoids(int[] labels) {
        int k = Arrays.stream(labels).max().orElse(-1) + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(labels[i]).add(i);
        }
        int[] medoids = new int[k];
        IntStream.range(0, k).parallel().forEach(c -> {
            List<Integer> m = members.get(c);
            int best = m.get(0);
            double bestSum = Double.POSITIVE_INFINITY;
            for (int i : m) {
                double s = 0;
                for (int j : m) {
                    if (i != j) {
                        s += distance(i, j);
                    }
                }
                if (s < bestSum) {
                    bestSum = s;
                    best = i;
                }
            }
            medoids[c] = best;
        });
        Arrays.sort(medoids);
        return medoids;
    }

    /**
     * @param i a point
     * @param j another point
     * @return their original distance
     */
    public double distance(int i, int j) {
        if (i == j) {
            return 0;
        }
        return distances[(int) index(n, Math.min(i, j), Math.max(i, j))];
    }

    /**
     * The condensed correlation distances {@code 1 − |r|} between the columns of a matrix; a constant column
     * has r = 0 with everything (distance 1).
     *
     * @param x samples × neurons
     * @return {@code N(N−1)/2} distances
     */
    public static float[] correlationDistances(FloatMatrix x) {
        float[][] z = standardisedColumns(x);
        double[][] r = CrossProducts.gram(z);
        int d = z.length;
        long size = (long) d * (d - 1) / 2;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(d + " neurons are too many to cluster in memory; select fewer layers");
        }
        float[] out = new float[(int) size];
        int k = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double a = Math.min(1.0, Math.abs(r[i][j]));
                out[k++] = (float) (1.0 - a);
            }
        }
        return out;
    }

    /**
     * @param x samples × neurons
     * @return columns centred and scaled to unit norm (zero for constant columns), so dot products are
     *     Pearson correlations
     */
    static float[][] standardisedColumns(FloatMatrix x) {
        float[][] cols = Cka.centredColumns(x);
        for (float[] c : cols) {
            double ss = 0;
            for (float v : c) {
                ss += (double) v * v;
            }
            // Constant (or numerically constant) neurons: correlation undefined, counted as 0.
            double scale = ss > 1e-20 ? 1.0 / Math.sqrt(ss) : 0.0;
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) (c[i] * scale);
            }
        }
        return cols;
    }

    static long index(int n, int i, int j) {
        return (long) n * i - (long) i * (i + 1) / 2 + (j - i - 1);
    }

    /** The nearest-neighbour chain (Murtagh 1983; Müllner 2011) with the Lance–Williams update of UPGMA. */
    private static List<Merge> nnChain(int n, float[] d) {
        List<Merge> merges = new ArrayList<>(Math.max(0, n - 1));
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] chain = new int[n];
        int chainLength = 0;
        for (int step = 0; step < n - 1; step++) {
            if (chainLength == 0) {
                for (int i = 0; i < n; i++) {
                    if (size[i] > 0) {
                        chain[chainLength++] = i;
                        break;
                    }
                }
            }
            int x;
            int y;
            double best;
            while (true) {
                x = chain[chainLength - 1];
                if (chainLength > 1) {
                    y = chain[chainLength - 2];
                    best = d[(int) index(n, Math.min(x, y), Math.max(x, y))];
                } else {
                    y = -1;
                    best = Double.POSITIVE_INFINITY;
                }
                for (int i = 0; i < n; i++) {
                    if (size[i] == 0 || i == x) {
                        continue;
                    }
                    double v = d[(int) index(n, Math.min(x, i), Math.max(x, i))];
                    if (v < best) {
                        best = v;
                        y = i;
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) {
                    break;
                }
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) {
                int t = x;
                x = y;
                y = t;
            }
            merges.add(new Merge(x, y, best));
            int nx = size[x];
            int ny = size[y];
            size[x] = 0;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++) {
                if (size[i] == 0 || i == y) {
                    continue;
                }
                int ix = (int) index(n, Math.min(i, x), Math.max(i, x));
                int iy = (int) index(n, Math.min(i, y), Math.max(i, y));
                d[iy] = (float) ((nx * (double) d[ix] + ny * (double) d[iy]) / (nx + ny));
            }
        }
        return merges;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
