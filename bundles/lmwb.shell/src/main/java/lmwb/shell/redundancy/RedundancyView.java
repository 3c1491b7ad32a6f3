package lmwb.shell.redundancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.analysis.PruneResult;
import lmwb.api.analysis.SimilarityResult;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;

/** The tables of the redundancy results ({@code similarity}, {@code clusters}, {@code prune}). */
public final class RedundancyView {
    private RedundancyView() {
    }

    /**
     * @param r layer similarities
     * @param stored where it is stored, or {@code null}
     * @return one matrix per pair of models, and the heatmaps' files
     */
    public static String table(SimilarityResult r, StoredResult stored) {
        StringBuilder s = new StringBuilder();
        s.append(r.measure()).append(" on ").append(r.dataset()).append(": ").append(r.activations()).append('\n');
        for (SimilarityResult.LayerSimilarity m : r.matrices()) {
            s.append('\n').append(m.rowsModel()).append(" (rows) vs ").append(m.colsModel()).append(" (columns)\n");
            List<String> headers = new ArrayList<>();
            headers.add("layer");
            int cols = m.matrix().get(0).size();
            for (int j = 0; j < cols; j++) {
                headers.add(j == 0 ? "emb" : String.valueOf(j));
            }
            List<List<?>> table = new ArrayList<>();
            for (int i = 0; i < m.matrix().size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(i == 0 ? "emb" : String.valueOf(i));
                for (Double v : m.matrix().get(i)) {
                    row.add(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v));
                }
                table.add(row);
            }
            s.append(Render.table(headers, table));
            if (m.meanOffDiagonal() != null) {
                s.append(String.format(Locale.ROOT, "mean off-diagonal similarity %.3f%n", m.meanOffDiagonal()));
            }
        }
        return s + files(stored, r.files(), "plot");
    }

    /**
     * @param r neuron clusters
     * @param stored where it is stored, or {@code null}
     * @return one row per threshold
     */
    public static String table(ClustersResult r, StoredResult stored) {
        StringBuilder s = new StringBuilder();
        s.append(r.models().get(0)).append(" on ").append(r.dataset()).append(": ").append(r.neurons())
                .append(" neurons, ").append(r.activations()).append('\n');
        List<List<?>> table = new ArrayList<>();
        for (ClustersResult.Level l : r.curve()) {
            table.add(List.of(trim(l.threshold()), l.clusters(), String.format(Locale.ROOT, "%.1f", l.removablePercent()),
                    l.multiNeuronClusters(), l.largestCluster(),
                    l.crossLayerClusters() + " (" + l.crossLayerClustersOfOneUnitIndex() + ")",
                    l.multiNeuronClustersByLayersSpanned().toString()));
        }
        s.append(Render.table(List.of("t", "clusters", "removable %", "multi-neuron clusters", "largest",
                "cross-layer (one unit index)", "layers spanned: count"), table));
        return s + files(stored, r.files(), "plot");
    }

    /**
     * @param r the pruning pipeline
     * @param stored where it is stored, or {@code null}
     * @return the oracle, the probes per layer and one row per LayerSelector threshold
     */
    public static String table(PruneResult r, StoredResult stored) {
        StringBuilder s = new StringBuilder();
        PruneResult.ProbeScore oracle = r.oracle();
        s.append(r.models().get(0)).append(" on ").append(r.dataset()).append(" (").append(r.metric()).append("; ")
                .append(r.activations()).append(")\n");
        s.append(String.format(Locale.ROOT, "oracle (%d neurons): dev %.4f, test %.4f%n", oracle.features(), oracle.dev(),
                oracle.test()));
        List<List<?>> layers = new ArrayList<>();
        for (int l = 0; l < r.layerwise().size(); l++) {
            layers.add(List.of(l == 0 ? "emb" : String.valueOf(l), r.layerwise().get(l).dev(), r.incremental().get(l).dev()));
        }
        s.append(Render.table(List.of("layer", "layer-wise dev", "incremental 0..l dev"), layers));
        List<List<?>> table = new ArrayList<>();
        for (PruneResult.Selection sel : r.selections()) {
            table.add(List.of(trim(sel.deltaLs()) + "," + trim(sel.deltaFs()), sel.layersKept(),
                    sel.neuronsAfterClustering(), sel.neuronsKept(),
                    String.format(Locale.ROOT, "%.2f", sel.neuronsKeptPercentOfModel()), sel.chosen().dev(),
                    sel.chosen().test(), String.format(Locale.ROOT, "%.1f", 100 * sel.chosen().testRelativeToOracle()),
                    String.format(Locale.ROOT, "%.2fx", sel.forwardSpeedup()),
                    String.format(Locale.ROOT, "%.1fx", sel.probeTrainSpeedup())));
        }
        s.append(Render.table(List.of("dLS,dFS %", "layers", "after clustering", "neurons kept", "% of model", "dev",
                "test", "test % of oracle", "forward speed-up", "probe speed-up"), table));
        return s + files(stored, r.files(), "plot");
    }

    /**
     * @param stored the stored result, or {@code null}
     * @param files its files
     * @param label how each file is introduced
     * @return the lines naming the result and its files
     */
    public static String files(StoredResult stored, List<String> files, String label) {
        if (stored == null) {
            return "";
        }
        StringBuilder s = new StringBuilder("\nresult ").append(stored.id()).append(": ").append(stored.directory());
        for (String f : files) {
            s.append('\n').append(label).append(": ").append(stored.directory().resolve(f));
        }
        return s.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
