package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lmwb.api.analysis.ClustersResult;

/**
 * General neuron redundancy of one model: correlation clustering of all (L + 1) · H neurons over the sampled
 * rows, cut at each threshold, with the number of clusters, the share of removable neurons {@code 1 − K/N},
 * cluster sizes, how many layers the multi-neuron clusters span, and how many of the clusters that cross
 * layers hold one and the same unit index in every layer (a dimension carried along the residual stream).
 */
final class NeuronClusters {
    private NeuronClusters() {
    }

    /**
     * @param clustering the dendrogram of all neurons
     * @param hidden neurons per layer H
     * @param thresholds cuts t
     * @return one level per threshold
     */
    static List<ClustersResult.Level> curve(CorrelationClustering clustering, int hidden, double[] thresholds) {
        int n = clustering.size();
        List<ClustersResult.Level> rows = new ArrayList<>();
        for (double t : thresholds) {
            int[] labels = clustering.cut(t);
            int k = 0;
            for (int l : labels) {
                k = Math.max(k, l + 1);
            }
            int[] size = new int[k];
            int[] minLayer = new int[k];
            int[] maxLayer = new int[k];
            int[] unit = new int[k];
            boolean[] sameUnit = new boolean[k];
            java.util.Arrays.fill(minLayer, Integer.MAX_VALUE);
            java.util.Arrays.fill(unit, -1);
            java.util.Arrays.fill(sameUnit, true);
            for (int i = 0; i < n; i++) {
                int c = labels[i];
                size[c]++;
                minLayer[c] = Math.min(minLayer[c], i / hidden);
                maxLayer[c] = Math.max(maxLayer[c], i / hidden);
                if (unit[c] < 0) {
                    unit[c] = i % hidden;
                } else if (unit[c] != i % hidden) {
                    sameUnit[c] = false;
                }
            }
            int multi = 0;
            int largest = 0;
            int inMulti = 0;
            int crossLayer = 0;
            int crossLayerSameUnit = 0;
            TreeMap<Integer, Integer> spans = new TreeMap<>();
            for (int c = 0; c < k; c++) {
                largest = Math.max(largest, size[c]);
                if (size[c] > 1) {
                    multi++;
                    inMulti += size[c];
                    spans.merge(maxLayer[c] - minLayer[c] + 1, 1, Integer::sum);
                    if (maxLayer[c] > minLayer[c]) {
                        crossLayer++;
                        crossLayerSameUnit += sameUnit[c] ? 1 : 0;
                    }
                }
            }
            Map<String, Integer> spanText = new LinkedHashMap<>();
            spans.forEach((layers, count) -> spanText.put(String.valueOf(layers), count));
            rows.add(new ClustersResult.Level(t, k, 100.0 * (1 - (double) k / n), multi, inMulti, largest, spanText,
                    crossLayer, crossLayerSameUnit));
        }
        return rows;
    }
}
