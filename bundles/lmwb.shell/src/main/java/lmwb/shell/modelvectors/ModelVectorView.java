package lmwb.shell.modelvectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.results.StoredResult;
import lmwb.shell.Render;
import lmwb.shell.redundancy.RedundancyView;

/** The tables of {@code modelvec} and {@code deltarank} results. */
public final class ModelVectorView {
    private ModelVectorView() {
    }

    /**
     * @param r model vectors and their evaluation
     * @param stored where it is stored, or {@code null}
     * @return one row per evaluated representation
     */
    public static String table(ModelVectorResult r, StoredResult stored) {
        List<List<?>> rows = new ArrayList<>();
        for (ModelVectorResult.Method m : r.table()) {
            rows.add(List.of(m.method(), m.distance(), m.dimensions(), number(m.precision()), number(m.knn()),
                    number(m.silhouette())));
        }
        return String.format(Locale.ROOT, "%d models, base %s, rank %d, vector size %d = %s, kNN k = %d%n",
                r.models().size(), r.base(), r.rank(), r.vectorSize(), r.sizeFormula(), r.neighbours())
                + Render.table(List.of("method", "distance", "dims", "P@k-1", "kNN acc", "silhouette"), rows)
                + RedundancyView.files(stored, r.files(), "file");
    }

    /**
     * @param r ranks at energy τ
     * @param stored where it is stored, or {@code null}
     * @return one row per layer and family, and the means over layers
     */
    public static String table(DeltaRankResult r, StoredResult stored) {
        List<String> headers = new ArrayList<>(List.of("layer", "family", "shape", "|dW|_F"));
        for (Double t : r.taus()) {
            headers.add("rank@" + t + " mean");
            headers.add("min-max");
        }
        List<List<?>> rows = new ArrayList<>();
        for (DeltaRankResult.Row o : r.rows()) {
            List<Object> row = new ArrayList<>(List.of(o.layer(), o.family(), java.util.Arrays.toString(o.shape()),
                    Render.number(o.frobenius())));
            for (DeltaRankResult.Rank q : o.ranks()) {
                row.add(String.format(Locale.ROOT, "%.1f", q.mean()));
                row.add(q.min() + "-" + q.max());
            }
            rows.add(row);
        }
        StringBuilder text = new StringBuilder(Render.table(headers, rows));
        for (Map.Entry<String, Map<String, Double>> t : r.meanOverLayers().entrySet()) {
            text.append("\nmean over layers at tau ").append(t.getKey()).append(": ");
            List<String> parts = new ArrayList<>();
            t.getValue().forEach((family, mean) -> parts.add(family + " " + String.format(Locale.ROOT, "%.1f", mean)));
            text.append(String.join(", ", parts));
        }
        return text + RedundancyView.files(stored, r.files(), "file");
    }

    private static Object number(Double v) {
        return v == null ? "n/a" : Render.number(v);
    }
}
