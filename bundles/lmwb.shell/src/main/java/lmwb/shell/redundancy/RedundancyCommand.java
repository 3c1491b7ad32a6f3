package lmwb.shell.redundancy;

import lmwb.shell.OutputFolder;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:similarity}, {@code lmwb:clusters} and {@code lmwb:prune}: redundancy in pretrained transformers
 * (Dalvi et al. 2020). The options given → {@code lmwb.api.analysis.SimilarityRequest} / {@code ClustersRequest} /
 * {@code PruneRequest} → the capability of that name → the table or the stored JSON.
 */
@Component(service = RedundancyCommand.class, property = {"osgi.command.scope=lmwb",
        "osgi.command.function=similarity", "osgi.command.function=clusters", "osgi.command.function=prune"})
public class RedundancyCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public RedundancyCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * @return the similarity table or JSON
     * @throws Exception on failure
     */
    @Descriptor("layer-similarity matrix (linear CKA) of every pair of layers, and across models when several are given; SVG heatmaps")
    public String similarity(
            @Descriptor("model, or comma list of models for cross-model matrices") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("cka (default) or cka-debiased (unbiased HSIC)") @Parameter(names = "--measure", absentValue = "") String measure,
            @Descriptor("sentences (sentence tasks) or words (token tasks) to sample; default 2000") @Parameter(names = "--samples", absentValue = "") String samples,
            @Descriptor("sentence vectors: cls (default, as the paper) or mean") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("deprecated spelling of --sentence-pooling") @Parameter(names = "--pooling", absentValue = "") String pooling,
            @Descriptor("store activations as float16 (half the memory)") @Parameter(names = "--float16", presentValue = "true", absentValue = "") String float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("seed for sampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("also copy result.json and the heatmaps into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = common(model, dataset, samples, sentencePooling, pooling, float16, device, seed, encoding, out)
                .option("--measure", measure);
        return invocation.call("similarity", given).request(request)
                .export(force, OutputFolder.resultExport("similarity")).render(json);
    }

    /**
     * @return the cluster curve table or JSON
     * @throws Exception on failure
     */
    @Descriptor("neuron correlation clustering of all layers' neurons: clusters and removable share per threshold, layer span")
    public String clusters(
            @Descriptor("model reference") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma list of distance cuts t (1 - |r|); default 0.1,...,0.9") @Parameter(names = "--thresholds", absentValue = "") String thresholds,
            @Descriptor("sentences or words to sample; default 2000") @Parameter(names = "--samples", absentValue = "") String samples,
            @Descriptor("sentence vectors: cls (default) or mean") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("deprecated spelling of --sentence-pooling") @Parameter(names = "--pooling", absentValue = "") String pooling,
            @Descriptor("store activations as float16") @Parameter(names = "--float16", presentValue = "true", absentValue = "") String float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("seed for sampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("also copy result.json and the plot into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = common(model, dataset, samples, sentencePooling, pooling, float16, device, seed, encoding, out)
                .option("--thresholds", thresholds);
        return invocation.call("clusters", given).request(request)
                .export(force, OutputFolder.resultExport("clusters")).render(json);
    }

    /**
     * @return the pipeline table or JSON
     * @throws Exception on failure
     */
    @Descriptor("oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking: the fewest layers and neurons a task needs")
    public String prune(
            @Descriptor("model reference") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("LayerSelector thresholds in %; default 3,2,1") @Parameter(names = "--ls", absentValue = "") String ls,
            @Descriptor("feature-selection threshold in %; default 1") @Parameter(names = "--fs", absentValue = "") String fs,
            @Descriptor("clustering threshold t; default 0.3, -1 for none") @Parameter(names = "--cluster", absentValue = "") String cluster,
            @Descriptor("neuron ranker: weight-mass (default, the paper) or another installed ranker, e.g. class-mean-difference") @Parameter(names = "--ranker", absentValue = "") String ranker,
            @Descriptor("probe epochs; default 10 (the paper)") @Parameter(names = "--epochs", absentValue = "") String epochs,
            @Descriptor("sentences or words to sample (split 70/15/15); default 4000") @Parameter(names = "--samples", absentValue = "") String samples,
            @Descriptor("sentence vectors: cls (default) or mean") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("deprecated spelling of --sentence-pooling") @Parameter(names = "--pooling", absentValue = "") String pooling,
            @Descriptor("store activations as float16") @Parameter(names = "--float16", presentValue = "true", absentValue = "") String float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("seed for sampling, splitting and probes (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("also copy result.json and the plot into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = common(model, dataset, samples, sentencePooling, pooling, float16, device, seed, encoding, out)
                .option("--ls", ls).option("--fs", fs).option("--cluster", cluster).option("--ranker", ranker)
                .option("--epochs", epochs);
        return invocation.call("prune", given).request(request)
                .export(force, OutputFolder.resultExport("prune")).render(json);
    }

    private static Options common(String model, String dataset, String samples, String sentencePooling, String pooling,
            String float16, String device, String seed, String encoding, String out) {
        return Options.given().option("--model", model).option("--dataset", dataset).option("--samples", samples)
                .option("--sentence-pooling", sentencePooling).renamed("--pooling", pooling, "--sentence-pooling")
                .option("--float16", float16).option("--device", device).option("--seed", seed)
                .option("--encoding", encoding).option("--out", out);
    }
}
