package lmwb.analysis.modelvectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How well points cluster by label, from a distance matrix: same-label precision at k − 1, leave-one-out kNN
 * majority-vote accuracy and the silhouette. Points whose label is {@code null} are neighbours but not scored.
 * Neighbours are ordered by distance, then index (ties are deterministic).
 */
final class ClusterMetrics {
    private ClusterMetrics() {
    }

    /** Scores of one embedding against one labelling. */
    record Scores(double precision, double knn, double silhouette) {
    }

    static double[][] euclidean(double[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double t = x[i][k] - x[j][k];
                    s += t * t;
                }
                d[i][j] = d[j][i] = Math.sqrt(s);
            }
        }
        return d;
    }

    /**
     * @param gram inner products of the points
     * @return 1 − cos between every pair (1 where a point is zero)
     */
    static double[][] cosineFromGram(double[][] gram) {
        int n = gram.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double norm = Math.sqrt(gram[i][i] * gram[j][j]);
                d[i][j] = i == j ? 0 : norm == 0 ? 1 : 1 - gram[i][j] / norm;
            }
        }
        return d;
    }

    static Scores scores(double[][] d, String[] labels, int neighbours) {
        return new Scores(precisionAtKMinus1(d, labels), knnAccuracy(d, labels, neighbours), silhouette(d, labels));
    }

    /** Other points ordered by distance from i, then index. */
    private static Integer[] neighbours(double[][] d, int i) {
        Integer[] o = new Integer[d.length - 1];
        int p = 0;
        for (int j = 0; j < d.length; j++) {
            if (j != i) {
                o[p++] = j;
            }
        }
        Arrays.sort(o, (a, b) -> {
            int c = Double.compare(d[i][a], d[i][b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return o;
    }

    /**
     * For each point whose label has k ≥ 2 members: the share of its label among its k − 1 nearest other points;
     * averaged. NaN when no label has two members.
     */
    static double precisionAtKMinus1(double[][] d, String[] labels) {
        Map<String, Integer> counts = counts(labels);
        double sum = 0;
        int scored = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null || counts.get(labels[i]) < 2) {
                continue;
            }
            int k1 = counts.get(labels[i]) - 1;
            Integer[] o = neighbours(d, i);
            int hit = 0;
            for (int t = 0; t < k1; t++) {
                if (labels[i].equals(labels[o[t]])) {
                    hit++;
                }
            }
            sum += (double) hit / k1;
            scored++;
        }
        return scored == 0 ? Double.NaN : sum / scored;
    }

    /**
     * Leave-one-out majority vote among the k nearest labelled other points; a tie goes to the tied label whose
     * nearest member is closest. NaN with fewer than two labelled points.
     */
    static double knnAccuracy(double[][] d, String[] labels, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("kNN needs k >= 1, got " + k);
        }
        int correct = 0;
        int scored = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                continue;
            }
            Map<String, Integer> votes = new LinkedHashMap<>();
            int taken = 0;
            for (int j : neighbours(d, i)) {
                if (labels[j] == null) {
                    continue;
                }
                votes.merge(labels[j], 1, Integer::sum);
                if (++taken == k) {
                    break;
                }
            }
            if (votes.isEmpty()) {
                continue;
            }
            int best = votes.values().stream().max(Integer::compare).orElseThrow();
            // insertion order is nearest-first, so the first label with the top count has the closest member
            String vote = votes.entrySet().stream().filter(e -> e.getValue() == best).findFirst().orElseThrow().getKey();
            if (vote.equals(labels[i])) {
                correct++;
            }
            scored++;
        }
        return scored == 0 ? Double.NaN : (double) correct / scored;
    }

    /**
     * Mean silhouette over labelled points: s = (b − a) / max(a, b) with a the mean distance to the own label's
     * other members and b the smallest mean distance to another label's members; 0 for a label's only member.
     * NaN with fewer than two labels.
     */
    static double silhouette(double[][] d, String[] labels) {
        Map<String, Integer> counts = counts(labels);
        if (counts.size() < 2) {
            return Double.NaN;
        }
        double sum = 0;
        int scored = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                continue;
            }
            scored++;
            if (counts.get(labels[i]) < 2) {
                continue;
            }
            Map<String, Double> sums = new HashMap<>();
            for (int j = 0; j < labels.length; j++) {
                if (j != i && labels[j] != null) {
                    sums.merge(labels[j], d[i][j], Double::sum);
                }
            }
            double a = sums.get(labels[i]) / (counts.get(labels[i]) - 1);
            double b = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                if (!e.getKey().equals(labels[i])) {
                    b = Math.min(b, e.getValue() / counts.get(e.getKey()));
                }
            }
            double m = Math.max(a, b);
            sum += m == 0 ? 0 : (b - a) / m;
        }
        return sum / scored;
    }

    /**
     * The scores with the known labels permuted among the labelled points, averaged over permutations.
     *
     * @param permutations how many
     * @param seed the seed of the permutations
     */
    static Scores shuffled(double[][] d, String[] labels, int neighbours, int permutations, long seed) {
        Random random = new Random(seed);
        List<Integer> known = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null) {
                known.add(i);
            }
        }
        double p = 0;
        double k = 0;
        double s = 0;
        for (int t = 0; t < permutations; t++) {
            List<String> values = new ArrayList<>();
            known.forEach(i -> values.add(labels[i]));
            java.util.Collections.shuffle(values, random);
            String[] shuffled = labels.clone();
            for (int q = 0; q < known.size(); q++) {
                shuffled[known.get(q)] = values.get(q);
            }
            Scores sc = scores(d, shuffled, neighbours);
            p += sc.precision();
            k += sc.knn();
            s += sc.silhouette();
        }
        return new Scores(p / permutations, k / permutations, s / permutations);
    }

    private static Map<String, Integer> counts(String[] labels) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String l : labels) {
            if (l != null) {
                c.merge(l, 1, Integer::sum);
            }
        }
        return c;
    }
}
