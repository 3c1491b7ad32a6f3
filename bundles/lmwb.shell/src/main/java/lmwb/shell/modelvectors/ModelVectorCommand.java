package lmwb.shell.modelvectors;

import lmwb.shell.OutputFolder;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:modelvec} and {@code lmwb:deltarank}: fine-tuned models as vectors of their weight changes from the
 * base. The options given → {@code lmwb.api.analysis.modelvectors.ModelVectorRequest} / {@code DeltaRankRequest} →
 * the capability of that name → the table or the stored JSON.
 */
@Component(service = ModelVectorCommand.class, property = {"osgi.command.scope=lmwb",
        "osgi.command.function=modelvec", "osgi.command.function=deltarank"})
public class ModelVectorCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public ModelVectorCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * @return the evaluation table or JSON
     * @throws Exception on failure
     */
    @Descriptor("model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots")
    public String modelvec(
            @Descriptor("base model (see 'models')") @Parameter(names = "--base", absentValue = "") String base,
            @Descriptor("comma list of fine-tuned models: lmwb:train checkpoint folders (seed-*), training output folders, Hugging Face folders or hub ids") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma list of dataset labels per model ('-' for unknown); default: the checkpoints' datasets") @Parameter(names = "--labels", absentValue = "") String labels,
            @Descriptor("singular vectors kept per matrix; default 8") @Parameter(names = "--rank", absentValue = "") String rank,
            @Descriptor("reference (default; the reference recipe), signfix (canonical signs), scaled (U*S), concat (layers concatenated)") @Parameter(names = "--variant", absentValue = "") String variant,
            @Descriptor("k of the kNN majority vote; default 3") @Parameter(names = "--neighbours", absentValue = "") String neighbours,
            @Descriptor("seed of t-SNE and the shuffled-label baseline (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("also copy result.json, vectors.npy and the plots into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--base", base).option("--models", models).option("--labels", labels)
                .option("--rank", rank).option("--variant", variant).option("--neighbours", neighbours)
                .option("--seed", seed).option("--out", out);
        return invocation.call("modelvec", given).request(request).export(force, OutputFolder.resultExport("modelvec"))
                .render(json);
    }

    /**
     * @return the rank table or JSON
     * @throws Exception on failure
     */
    @Descriptor("rank at energy tau of every weight delta (exact SVD), averaged over models per parameter family and layer; SVG plot against depth")
    public String deltarank(
            @Descriptor("base model (see 'models')") @Parameter(names = "--base", absentValue = "") String base,
            @Descriptor("comma list of fine-tuned models, as for modelvec") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma list of energy thresholds in (0, 1]; default 0.5,0.9") @Parameter(names = "--tau", absentValue = "") String tau,
            @Descriptor("also copy result.json and the plots into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--base", base).option("--models", models).option("--tau", tau)
                .option("--out", out);
        return invocation.call("deltarank", given).request(request).export(force, OutputFolder.resultExport("deltarank"))
                .render(json);
    }
}
