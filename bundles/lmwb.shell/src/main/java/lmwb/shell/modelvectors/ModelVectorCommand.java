package lmwb.shell.modelvectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.analysis.AnalysisResult;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.ModelVectorAnalysis;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.AnalysisOutput;
import lmwb.shell.Arguments;
import lmwb.shell.OutputFolder;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:modelvec} and {@code lmwb:deltarank}: fine-tuned models as vectors of their weight changes from the
 * base, how they cluster by dataset, and how low-rank the changes are.
 */
@Component(service = ModelVectorCommand.class, property = {"osgi.command.scope=lmwb",
        "osgi.command.function=modelvec", "osgi.command.function=deltarank"})
public class ModelVectorCommand {
    @Reference
    private ModelVectorAnalysis analysis;

    /**
     * @return the evaluation table or JSON
     * @throws IOException when weights cannot be read
     */
    @Descriptor("model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots")
    public String modelvec(
            @Descriptor("base model (see 'models')") @Parameter(names = "--base", absentValue = "") String base,
            @Descriptor("comma list of fine-tuned models: lmwb:train checkpoint folders (seed-*), training output folders, Hugging Face folders or hub ids") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma list of dataset labels per model ('-' for unknown); default: the checkpoints' datasets") @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("singular vectors kept per matrix; default 8") @Parameter(names = "--rank", absentValue = "8") int rank,
            @Descriptor("reference (default; the reference recipe), signfix (canonical signs), scaled (U*S), concat (layers concatenated)") @Parameter(names = "--variant", absentValue = "reference") String variant,
            @Descriptor("k of the kNN majority vote; default 3") @Parameter(names = "--neighbours", absentValue = "3") int neighbours,
            @Descriptor("seed of t-SNE and the shuffled-label baseline") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("also copy result.json, vectors.npy and the plots into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        if (base.isBlank()) {
            throw new IllegalArgumentException("--base is required (see 'models')");
        }
        List<String> m = Arguments.commaList(models);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("--models is required: comma list of fine-tuned checkpoints or models");
        }
        try (OutputFolder folder = AnalysisOutput.folder(out, "modelvec", force)) {
            AnalysisResult r = analysis.vectors(new ModelVectorRequest(base, m, Arguments.commaList(labels), rank, variant, neighbours, seed),
                    new ConsoleProgress(), new CancellationToken());
            JsonObject doc = JsonParser.parseString(r.json()).getAsJsonObject();
            List<List<?>> rows = new ArrayList<>();
            for (JsonElement e : doc.getAsJsonArray("table")) {
                JsonObject o = e.getAsJsonObject();
                rows.add(List.of(o.get("method").getAsString(), o.get("distance").getAsString(),
                        o.get("dimensions").getAsLong(), number(o, "precision"), number(o, "knn"), number(o, "silhouette")));
            }
            String text = String.format(java.util.Locale.ROOT, "%d models, base %s, rank %d, vector size %d = %s, kNN k = %d%n",
                    doc.getAsJsonArray("models").size(), base, rank, doc.get("vectorSize").getAsInt(),
                    doc.get("sizeFormula").getAsString(), doc.get("neighbours").getAsInt())
                    + Render.table(List.of("method", "distance", "dims", "P@k-1", "kNN acc", "silhouette"), rows);
            return AnalysisOutput.finish(r, folder, json, text, "file");
        }
    }

    /**
     * @return the rank table or JSON
     * @throws IOException when weights cannot be read
     */
    @Descriptor("rank at energy tau of every weight delta (exact SVD), averaged over models per parameter family and layer; SVG plot against depth")
    public String deltarank(
            @Descriptor("base model (see 'models')") @Parameter(names = "--base", absentValue = "") String base,
            @Descriptor("comma list of fine-tuned models, as for modelvec") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma list of energy thresholds in (0, 1]; default 0.5,0.9") @Parameter(names = "--tau", absentValue = "0.5,0.9") String tau,
            @Descriptor("also copy result.json and the plots into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        if (base.isBlank()) {
            throw new IllegalArgumentException("--base is required (see 'models')");
        }
        List<String> m = Arguments.commaList(models);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("--models is required: comma list of fine-tuned checkpoints or models");
        }
        List<Double> taus = new ArrayList<>();
        for (String t : Arguments.commaList(tau)) {
            try {
                taus.add(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tau must be a comma list of numbers in (0, 1], got '" + t + "'");
            }
        }
        try (OutputFolder folder = AnalysisOutput.folder(out, "deltarank", force)) {
            AnalysisResult r = analysis.deltaRank(new DeltaRankRequest(base, m, taus), new ConsoleProgress(),
                    new CancellationToken());
            JsonObject doc = JsonParser.parseString(r.json()).getAsJsonObject();
            List<String> headers = new ArrayList<>(List.of("layer", "family", "shape", "|dW|_F"));
            for (Double t : taus) {
                headers.add("rank@" + t + " mean");
                headers.add("min-max");
            }
            List<List<?>> rows = new ArrayList<>();
            for (JsonElement e : doc.getAsJsonArray("rows")) {
                JsonObject o = e.getAsJsonObject();
                List<Object> row = new ArrayList<>(List.of(o.get("layer").getAsInt(), o.get("family").getAsString(),
                        o.get("shape").toString(), Render.number(o.get("frobenius").getAsDouble())));
                for (JsonElement p : o.getAsJsonArray("ranks")) {
                    JsonObject q = p.getAsJsonObject();
                    row.add(String.format(java.util.Locale.ROOT, "%.1f", q.get("mean").getAsDouble()));
                    row.add(q.get("min").getAsInt() + "-" + q.get("max").getAsInt());
                }
                rows.add(row);
            }
            StringBuilder text = new StringBuilder(Render.table(headers, rows));
            JsonObject means = doc.getAsJsonObject("meanOverLayers");
            for (String t : means.keySet()) {
                text.append("\nmean over layers at tau ").append(t).append(": ");
                List<String> parts = new ArrayList<>();
                means.getAsJsonObject(t).entrySet().forEach(en -> parts.add(en.getKey() + " "
                        + String.format(java.util.Locale.ROOT, "%.1f", en.getValue().getAsDouble())));
                text.append(String.join(", ", parts));
            }
            return AnalysisOutput.finish(r, folder, json, text.toString(), "file");
        }
    }

    private static Object number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "n/a" : Render.number(e.getAsDouble());
    }
}
