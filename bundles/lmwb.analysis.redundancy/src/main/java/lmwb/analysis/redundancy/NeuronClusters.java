package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * General neuron redundancy of one model: correlation clustering of all (L + 1) · H neurons over the sampled
 * rows, cut at each threshold, with the number of clusters, the share of removable neurons {@code 1 − K/N},
 * cluster sizes and how many layers the multi-neuron clusters span.
 */
final class NeuronClusters {
    private NeuronClusters() {
    }

    /**
     * @param clustering the dendrogram of all neurons
     * @param hidden neurons per layer H
     * @param thresholds cuts t
     * @return one JSON-ready row per threshold
     */
    static List<Map<String, Object>> curve(CorrelationClustering clustering, int hidden, double[] thresholds) {
        int n = clustering.size();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (double t : thresholds) {
            int[] labels = clustering.cut(t);
            int k = 0;
            for (int l : labels) {
                k = Math.max(k, l + 1);
            }
            int[] size = new int[k];
            int[] minLayer = new int[k];
            int[] maxLayer = new int[k];
            java.util.Arrays.fill(minLayer, Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                int c = labels[i];
                size[c]++;
                minLayer[c] = Math.min(minLayer[c], i / hidden);
                maxLayer[c] = Math.max(maxLayer[c], i / hidden);
            }
            int multi = 0;
            int largest = 0;
            int inMulti = 0;
            TreeMap<Integer, Integer> spans = new TreeMap<>();
            for (int c = 0; c < k; c++) {
                largest = Math.max(largest, size[c]);
                if (size[c] > 1) {
                    multi++;
                    inMulti += size[c];
                    spans.merge(maxLayer[c] - minLayer[c] + 1, 1, Integer::sum);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threshold", t);
            row.put("clusters", k);
            row.put("removablePercent", 100.0 * (1 - (double) k / n));
            row.put("multiNeuronClusters", multi);
            row.put("neuronsInMultiNeuronClusters", inMulti);
            row.put("largestCluster", largest);
            Map<String, Integer> spanText = new LinkedHashMap<>();
            spans.forEach((layers, count) -> spanText.put(String.valueOf(layers), count));
            row.put("multiNeuronClustersByLayersSpanned", spanText);
            rows.add(row);
        }
        return rows;
    }
}
