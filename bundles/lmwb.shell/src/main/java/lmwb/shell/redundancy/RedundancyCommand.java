package lmwb.shell.redundancy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.analysis.AnalysisRequest;
import lmwb.api.analysis.AnalysisResult;
import lmwb.api.analysis.RedundancyAnalysis;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;
import lmwb.shell.AnalysisOutput;
import lmwb.shell.Arguments;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.OutputFolder;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:similarity}, {@code lmwb:clusters} and {@code lmwb:prune}: redundancy in pretrained transformers
 * (Dalvi et al. 2020) — layer similarity, neuron correlation clusters, and the LayerSelector + CCFS pipeline.
 */
@Component(service = RedundancyCommand.class, property = {"osgi.command.scope=lmwb",
        "osgi.command.function=similarity", "osgi.command.function=clusters", "osgi.command.function=prune"})
public class RedundancyCommand {
    @Reference
    private RedundancyAnalysis analysis;

    /**
     * @return the similarity table or JSON
     * @throws IOException on failure
     */
    @Descriptor("layer-similarity matrix (linear CKA) of every pair of layers, and across models when several are given; SVG heatmaps")
    public String similarity(
            @Descriptor("model, or comma list of models for cross-model matrices") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("cka (default) or cka-debiased (unbiased HSIC)") @Parameter(names = "--measure", absentValue = "cka") String measure,
            @Descriptor("sentences (sentence tasks) or words (token tasks) to sample; default 2000") @Parameter(names = "--samples", absentValue = "2000") int samples,
            @Descriptor("sentence vectors: cls (default, as the paper) or mean") @Parameter(names = "--pooling", absentValue = "cls") String pooling,
            @Descriptor("store activations as float16 (half the memory)") @Parameter(names = "--float16", presentValue = "true", absentValue = "false") boolean float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("seed for sampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("also copy result.json and the heatmaps into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        AnalysisRequest request = request(model, dataset, encoding, samples, pooling, float16, device, seed, Map.of("measure", measure));
        try (OutputFolder folder = AnalysisOutput.folder(out, "similarity", force)) {
            AnalysisResult r = analysis.similarity(request, new ConsoleProgress(), new CancellationToken());
            return AnalysisOutput.finish(r, folder, json, RedundancyView.similarity(parse(r)), "plot");
        }
    }

    /**
     * @return the cluster curve table or JSON
     * @throws IOException on failure
     */
    @Descriptor("neuron correlation clustering of all layers' neurons: clusters and removable share per threshold, layer span")
    public String clusters(
            @Descriptor("model reference") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma list of distance cuts t (1 - |r|); default 0.1,...,0.9") @Parameter(names = "--thresholds", absentValue = "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9") String thresholds,
            @Descriptor("sentences or words to sample; default 2000") @Parameter(names = "--samples", absentValue = "2000") int samples,
            @Descriptor("sentence vectors: cls (default) or mean") @Parameter(names = "--pooling", absentValue = "cls") String pooling,
            @Descriptor("store activations as float16") @Parameter(names = "--float16", presentValue = "true", absentValue = "false") boolean float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("seed for sampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("also copy result.json and the plot into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        AnalysisRequest request = request(model, dataset, encoding, samples, pooling, float16, device, seed,
                Map.of("thresholds", thresholds));
        try (OutputFolder folder = AnalysisOutput.folder(out, "clusters", force)) {
            AnalysisResult r = analysis.clusters(request, new ConsoleProgress(), new CancellationToken());
            return AnalysisOutput.finish(r, folder, json, RedundancyView.clusters(parse(r)), "plot");
        }
    }

    /**
     * @return the pipeline table or JSON
     * @throws IOException on failure
     */
    @Descriptor("oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking: the fewest layers and neurons a task needs")
    public String prune(
            @Descriptor("model reference") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset name or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("LayerSelector thresholds in %; default 3,2,1") @Parameter(names = "--ls", absentValue = "3,2,1") String ls,
            @Descriptor("feature-selection threshold in %; default 1") @Parameter(names = "--fs", absentValue = "1") String fs,
            @Descriptor("clustering threshold t; default 0.3, -1 for none") @Parameter(names = "--cluster", absentValue = "0.3") String cluster,
            @Descriptor("neuron ranker: weight-mass (default, the paper) or another installed ranker, e.g. class-mean-difference") @Parameter(names = "--ranker", absentValue = "weight-mass") String ranker,
            @Descriptor("probe epochs; default 10 (the paper)") @Parameter(names = "--epochs", absentValue = "10") String epochs,
            @Descriptor("sentences or words to sample (split 70/15/15); default 4000") @Parameter(names = "--samples", absentValue = "4000") int samples,
            @Descriptor("sentence vectors: cls (default) or mean") @Parameter(names = "--pooling", absentValue = "cls") String pooling,
            @Descriptor("store activations as float16") @Parameter(names = "--float16", presentValue = "true", absentValue = "false") boolean float16,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("seed for sampling, splitting and probes") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("also copy result.json and the plot into this folder") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier export of this analysis") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("ls", ls);
        options.put("fs", fs);
        options.put("cluster", cluster);
        options.put("ranker", ranker);
        options.put("epochs", epochs);
        AnalysisRequest request = request(model, dataset, encoding, samples, pooling, float16, device, seed, options);
        try (OutputFolder folder = AnalysisOutput.folder(out, "prune", force)) {
            AnalysisResult r = analysis.prune(request, new ConsoleProgress(), new CancellationToken());
            return AnalysisOutput.finish(r, folder, json, RedundancyView.prune(parse(r)), "plot");
        }
    }

    private static AnalysisRequest request(String model, String dataset, String encoding, int samples, String pooling,
            boolean float16, String device, long seed, Map<String, String> options) {
        List<String> models = Arguments.commaList(model);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("--model is required (see 'models')");
        }
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is required (see 'datasets')");
        }
        SentencePooling p = SentencePooling.parse(pooling);
        if (p != SentencePooling.CLS && p != SentencePooling.MEAN) {
            throw new IllegalArgumentException("--pooling must be cls or mean, got '" + pooling + "'");
        }
        return new AnalysisRequest(models, dataset, DatasetOptions.DEFAULTS.withSeed(seed).withEncoding(encoding), samples, p, float16, device,
                seed, options);
    }

    private static JsonObject parse(AnalysisResult r) {
        return JsonParser.parseString(r.json()).getAsJsonObject();
    }
}
