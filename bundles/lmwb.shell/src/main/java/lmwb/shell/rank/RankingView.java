package lmwb.shell.rank;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.shell.Render;

/** Renders a stored ranking document (the ranker's {@code result.json}) as text tables for people. */
final class RankingView {
    private RankingView() {
    }

    static String render(JsonObject doc, boolean perLayer) {
        StringBuilder sb = new StringBuilder();
        JsonObject ds = doc.getAsJsonObject("dataset");
        sb.append(String.format(Locale.ROOT, "Ranking of %s — %s, %d samples, layers: %s%n%n", ds.get("name").getAsString(),
                ds.get("task").getAsString(), ds.get("samples").getAsInt(), doc.get("aggregation").getAsString()));
        for (JsonElement el : doc.getAsJsonArray("estimators")) {
            JsonObject est = el.getAsJsonObject();
            String name = est.get("estimator").getAsString();
            sb.append("estimator: ").append(name).append('\n');
            List<List<Object>> rows = new ArrayList<>();
            JsonArray ranking = est.getAsJsonArray("ranking");
            for (JsonElement r : ranking) {
                JsonObject m = r.getAsJsonObject();
                rows.add(List.of(m.get("rank").getAsInt(), m.get("model").getAsString(), num(m, "score"),
                        bestLayer(m), num(m, "layer_mean_score"),
                        m.get("from_cache").getAsBoolean() ? "cached" : String.format(Locale.ROOT, "%.1f", num(m, "embed_seconds")),
                        String.format(Locale.ROOT, "%.2f", num(m, "score_seconds"))));
            }
            sb.append(Render.table(List.of("RANK", "MODEL", "SCORE", "BEST LAYER", "LAYER-MEAN SCORE", "EMBED s", "SCORE s"), rows));
            if (perLayer) {
                sb.append('\n').append(layerTable(ranking));
            }
            JsonArray validation = est.getAsJsonArray("validation");
            if (validation != null && !validation.isEmpty()) {
                sb.append("\nagreement of ").append(name).append(" with the linear probe (cross-validated):\n");
                List<List<Object>> vr = new ArrayList<>();
                for (JsonElement v : validation) {
                    JsonObject c = v.getAsJsonObject();
                    vr.add(List.of(c.get("scope").getAsString(), c.get("n").getAsInt(), num(c, "pearson"), num(c, "spearman"),
                            num(c, "kendall")));
                }
                sb.append(Render.table(List.of("OVER", "N", "PEARSON", "SPEARMAN", "KENDALL"), vr));
            }
            sb.append('\n');
        }
        JsonObject probe = doc.getAsJsonObject("probe_scores");
        if (probe != null) {
            sb.append("probe scores (layer mean, best layer):\n");
            List<List<Object>> pr = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : probe.entrySet()) {
                JsonObject layers = e.getValue().getAsJsonObject();
                double best = Double.NEGATIVE_INFINITY;
                String bestLayer = "";
                for (Map.Entry<String, JsonElement> l : layers.entrySet()) {
                    if (!l.getKey().equals("0") && l.getValue().getAsDouble() > best) {
                        best = l.getValue().getAsDouble();
                        bestLayer = l.getKey();
                    }
                }
                pr.add(List.of(e.getKey(), layers.get("0").getAsDouble(), best, bestLayer));
            }
            sb.append(Render.table(List.of("MODEL", "PROBE(MEAN)", "PROBE(BEST)", "BEST LAYER"), pr)).append('\n');
        }
        for (JsonElement n : doc.getAsJsonArray("notes")) {
            sb.append("note: ").append(n.getAsString()).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "total %.1f s; stored as %s", doc.get("total_seconds").getAsDouble(),
                doc.get("id").getAsString()));
        return sb.toString();
    }

    private static String layerTable(JsonArray ranking) {
        List<String> header = new ArrayList<>(List.of("LAYER"));
        int maxLayers = 0;
        for (JsonElement r : ranking) {
            header.add(r.getAsJsonObject().get("model").getAsString());
            maxLayers = Math.max(maxLayers, r.getAsJsonObject().getAsJsonObject("layer_scores").size());
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int l = -1; l >= -maxLayers; l--) {
            List<Object> row = new ArrayList<>();
            row.add(l);
            for (JsonElement r : ranking) {
                JsonElement v = r.getAsJsonObject().getAsJsonObject("layer_scores").get(Integer.toString(l));
                row.add(v == null ? "" : (Object) v.getAsDouble());
            }
            rows.add(row);
        }
        return "per-layer scores (-1 = last layer):\n" + Render.table(header, rows);
    }

    /** @return the best layer, or "–" when no layer got a finite score ({@code null} in the document) */
    private static Object bestLayer(JsonObject m) {
        JsonElement e = m.get("best_layer");
        return e == null || e.isJsonNull() ? "–" : (Object) e.getAsInt();
    }

    private static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
