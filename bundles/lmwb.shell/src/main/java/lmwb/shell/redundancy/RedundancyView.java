package lmwb.shell.redundancy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lmwb.shell.Render;

/** Text tables for the redundancy results (the JSON documents of {@code lmwb.api.analysis}). */
final class RedundancyView {
    private RedundancyView() {
    }

    static String similarity(JsonObject o) {
        StringBuilder s = new StringBuilder();
        s.append(o.get("measure").getAsString()).append(" on ").append(o.get("dataset").getAsString()).append(": ")
                .append(o.get("activations").getAsString()).append('\n');
        for (JsonElement e : o.getAsJsonArray("matrices")) {
            JsonObject m = e.getAsJsonObject();
            JsonArray rows = m.getAsJsonArray("matrix");
            s.append('\n').append(m.get("rowsModel").getAsString()).append(" (rows) vs ")
                    .append(m.get("colsModel").getAsString()).append(" (columns)\n");
            List<String> headers = new ArrayList<>();
            headers.add("layer");
            int cols = rows.get(0).getAsJsonArray().size();
            for (int j = 0; j < cols; j++) {
                headers.add(j == 0 ? "emb" : String.valueOf(j));
            }
            List<List<?>> table = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(i == 0 ? "emb" : String.valueOf(i));
                for (JsonElement v : rows.get(i).getAsJsonArray()) {
                    row.add(v.isJsonNull() ? "-" : String.format(Locale.ROOT, "%.2f", v.getAsDouble()));
                }
                table.add(row);
            }
            s.append(Render.table(headers, table));
            if (m.has("meanOffDiagonal") && !m.get("meanOffDiagonal").isJsonNull()) {
                s.append(String.format(Locale.ROOT, "mean off-diagonal similarity %.3f%n",
                        m.get("meanOffDiagonal").getAsDouble()));
            }
        }
        return s.toString();
    }

    static String clusters(JsonObject o) {
        StringBuilder s = new StringBuilder();
        s.append(o.getAsJsonArray("models").get(0).getAsString()).append(" on ").append(o.get("dataset").getAsString())
                .append(": ").append(o.get("neurons").getAsInt()).append(" neurons, ")
                .append(o.get("activations").getAsString()).append('\n');
        List<List<?>> table = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("curve")) {
            JsonObject r = e.getAsJsonObject();
            table.add(List.of(r.get("threshold").getAsString(), r.get("clusters").getAsInt(),
                    String.format(Locale.ROOT, "%.1f", r.get("removablePercent").getAsDouble()),
                    r.get("multiNeuronClusters").getAsInt(), r.get("largestCluster").getAsInt(),
                    r.get("crossLayerClusters").getAsInt() + " (" + r.get("crossLayerClustersOfOneUnitIndex").getAsInt() + ")",
                    r.get("multiNeuronClustersByLayersSpanned").toString()));
        }
        s.append(Render.table(List.of("t", "clusters", "removable %", "multi-neuron clusters", "largest",
                "cross-layer (one unit index)", "layers spanned: count"), table));
        return s.toString();
    }

    static String prune(JsonObject o) {
        StringBuilder s = new StringBuilder();
        String metric = o.get("metric").getAsString();
        JsonObject oracle = o.getAsJsonObject("oracle");
        s.append(o.getAsJsonArray("models").get(0).getAsString()).append(" on ").append(o.get("dataset").getAsString())
                .append(" (").append(metric).append("; ").append(o.get("activations").getAsString()).append(")\n");
        s.append(String.format(Locale.ROOT, "oracle (%d neurons): dev %.4f, test %.4f%n", oracle.get("features").getAsInt(),
                oracle.get("dev").getAsDouble(), oracle.get("test").getAsDouble()));
        List<List<?>> layers = new ArrayList<>();
        JsonArray lw = o.getAsJsonArray("layerwise");
        JsonArray inc = o.getAsJsonArray("incremental");
        for (int l = 0; l < lw.size(); l++) {
            layers.add(List.of(l == 0 ? "emb" : String.valueOf(l), lw.get(l).getAsJsonObject().get("dev").getAsDouble(),
                    inc.get(l).getAsJsonObject().get("dev").getAsDouble()));
        }
        s.append(Render.table(List.of("layer", "layer-wise dev", "incremental 0..l dev"), layers));
        List<List<?>> table = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("selections")) {
            JsonObject r = e.getAsJsonObject();
            JsonObject fin = r.getAsJsonObject("final");
            table.add(List.of(r.get("deltaLS").getAsString() + "," + r.get("deltaFS").getAsString(),
                    r.get("layersKept").getAsInt(), r.get("neuronsAfterClustering").getAsInt(),
                    r.get("neuronsKept").getAsInt(),
                    String.format(Locale.ROOT, "%.2f", r.get("neuronsKeptPercentOfModel").getAsDouble()),
                    fin.get("dev").getAsDouble(), fin.get("test").getAsDouble(),
                    String.format(Locale.ROOT, "%.1f", 100 * fin.get("testRelativeToOracle").getAsDouble()),
                    String.format(Locale.ROOT, "%.2fx", r.get("forwardSpeedup").getAsDouble()),
                    String.format(Locale.ROOT, "%.1fx", r.get("probeTrainSpeedup").getAsDouble())));
        }
        s.append(Render.table(List.of("dLS,dFS %", "layers", "after clustering", "neurons kept", "% of model", "dev",
                "test", "test % of oracle", "forward speed-up", "probe speed-up"), table));
        return s.toString();
    }
}
