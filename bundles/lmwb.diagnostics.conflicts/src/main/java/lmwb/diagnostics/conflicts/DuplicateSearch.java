package lmwb.diagnostics.conflicts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;

/**
 * Pairs of examples with different labels that are the same text (exact) or whose embeddings have a cosine
 * similarity at or above a threshold (near), within one set of examples or between two.
 */
public final class DuplicateSearch {
    private DuplicateSearch() {
    }

    /**
     * A conflicting pair: example a of the first set, b of the second (or of the same set, a &lt; b).
     *
     * @param a index in the first set
     * @param b index in the second set
     * @param cosine cosine similarity (1 for exact duplicates)
     * @param exact whether the texts are identical
     */
    public record Pair(int a, int b, double cosine, boolean exact) {
    }

    /**
     * @param textsA texts of the first set
     * @param labelsA their label names
     * @param textsB texts of the second set, or {@code null} to search within the first
     * @param labelsB their label names
     * @return exact duplicates with different labels (a &lt; b within one set), in index order
     */
    public static List<Pair> exact(List<String> textsA, List<String> labelsA, List<String> textsB, List<String> labelsB) {
        List<Pair> out = new ArrayList<>();
        boolean within = textsB == null;
        List<String> tb = within ? textsA : textsB;
        List<String> lb = within ? labelsA : labelsB;
        Map<String, List<Integer>> byText = new HashMap<>();
        for (int j = 0; j < tb.size(); j++) {
            byText.computeIfAbsent(tb.get(j), k -> new ArrayList<>()).add(j);
        }
        for (int i = 0; i < textsA.size(); i++) {
            for (int j : byText.getOrDefault(textsA.get(i), List.of())) {
                if ((!within || j > i) && !labelsA.get(i).equals(lb.get(j))) {
                    out.add(new Pair(i, j, 1.0, true));
                }
            }
        }
        return out;
    }

    /**
     * @param a embeddings of the first set
     * @param labelsA their label names
     * @param textsA their texts
     * @param b embeddings of the second set, or {@code null} to search within the first
     * @param labelsB their label names
     * @param textsB their texts
     * @param threshold the cosine threshold
     * @param cancel polled every row
     * @return near duplicates (cosine ≥ threshold, texts not identical) with different labels
     */
    public static List<Pair> near(FloatMatrix a, List<String> labelsA, List<String> textsA, FloatMatrix b, List<String> labelsB,
            List<String> textsB, double threshold, CancellationToken cancel) {
        boolean within = b == null;
        float[][] ua = unit(a);
        float[][] ub = within ? ua : unit(b);
        List<String> lb = within ? labelsA : labelsB;
        List<String> tb = within ? textsA : textsB;
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < ua.length; i++) {
            cancel.throwIfCancelled();
            for (int j = within ? i + 1 : 0; j < ub.length; j++) {
                if (labelsA.get(i).equals(lb.get(j)) || textsA.get(i).equals(tb.get(j))) {
                    continue;
                }
                double dot = 0;
                float[] x = ua[i];
                float[] y = ub[j];
                for (int k = 0; k < x.length; k++) {
                    dot += x[k] * y[k];
                }
                if (dot >= threshold) {
                    out.add(new Pair(i, j, Math.min(1.0, dot), false));
                }
            }
        }
        return out;
    }

    private static float[][] unit(FloatMatrix m) {
        float[][] out = new float[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            m.copyRow(i, out[i]);
            double norm = 0;
            for (float v : out[i]) {
                norm += v * v;
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] *= inv;
            }
        }
        return out;
    }
}
