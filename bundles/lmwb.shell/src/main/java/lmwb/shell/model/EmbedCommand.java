package lmwb.shell.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.io.Npy;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.OutputFolder;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:embed}: embeds a dataset with one model and writes one {@code .npy} per layer, the labels
 * and a JSON manifest, through the embedding cache.
 */
@Component(service = EmbedCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=embed"})
public class EmbedCommand {
    @Reference
    private EmbeddingService embeddings;

    @Reference
    private DatasetCatalog datasets;

    /**
     * Embeds a dataset.
     *
     * @param model model reference
     * @param dataset dataset reference
     * @param layers which layers
     * @param out output folder
     * @param force replace a non-empty folder that is not an earlier embed export
     * @param pooling sentence pooling
     * @param subword sub-word pooling
     * @param pair pair encoding
     * @param batch batch size
     * @param downsample fraction or count of examples to keep
     * @param seed seed for downsampling
     * @param encoding the dataset file's text encoding
     * @param device cpu or gpu
     * @param json print JSON
     * @return a summary
     * @throws IOException when the model, dataset or output cannot be read or written
     */
    @Descriptor("embed a dataset with a model; writes layer-<n>.npy per layer (mean.npy for the layer mean), labels.npy "
            + "and manifest.json")
    public String embed(
            @Descriptor("model reference, e.g. all-minilm-l6-v2 (see lmwb:models)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset reference (see lmwb:datasets)") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("layers: all, a comma list such as -1,-2 or 0,6, and/or mean (per-token mean over layers 1..L)") @Parameter(names = "--layers", absentValue = "all") String layers,
            @Descriptor("output folder (default embeddings/<model>__<dataset>); an earlier embed export there is replaced whole") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty output folder that is not an earlier embed export") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("sentence pooling: mean, first, last, weighted_mean, cls, max (token tasks always pool per word)") @Parameter(names = "--pooling", absentValue = "mean") String pooling,
            @Descriptor("sub-word pooling: mean, first, last") @Parameter(names = "--subword", absentValue = "mean") String subword,
            @Descriptor("pair encoding: native (tokenizer template) or join_sep (the reference's literal ' [SEP] ')") @Parameter(names = "--pair", absentValue = "native") String pair,
            @Descriptor("sentences per forward pass") @Parameter(names = {"--batch-size", "--batch"}, absentValue = "32") int batch,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all") @Parameter(names = "--downsample", absentValue = "1") double downsample,
            @Descriptor("seed for downsampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("cpu or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("print JSON instead of a table") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        if (model.isBlank()) {
            throw new IllegalArgumentException("--model is required; available: " + available());
        }
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is required; e.g. --dataset " + datasets.defaultDataset());
        }
        ModelOptions options = new ModelOptions(device, Double.NaN);
        PairEncoding pairEncoding = parsePair(pair);
        ConsoleProgress progress = new ConsoleProgress();
        long start = System.nanoTime();
        try (OutputFolder folder = out.isBlank() ? null : OutputFolder.check(out, "embed", force, OutputFolder.embedExport())) {
            Dataset ds = datasets.load(dataset, DatasetOptions.DEFAULTS.withSeed(seed).withDownsample(downsample)
                    .withEncoding(encoding), progress);
            try (OutputFolder dir = folder != null ? null : OutputFolder.check(
                    Path.of("embeddings", safe(model) + "__" + safe(ds.name())).toString(), "embed", force,
                    OutputFolder.embedExport())) {
                return embed(folder != null ? folder : dir, model, ds, layers, pooling, subword, pairEncoding, batch, options,
                        progress, start, json);
            }
        }
    }

    private String embed(OutputFolder out, String model, Dataset ds, String layers, String pooling, String subword,
            PairEncoding pairEncoding, int batch, ModelOptions options, ConsoleProgress progress, long start, boolean json)
            throws IOException {
        String dataset = ds.name();
        List<Example> examples = ds.allExamples();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + dataset + "' has no examples");
        }
        boolean tokenTask = ds.taskType().isTokenLevel();
        List<EmbeddingInput> inputs = new ArrayList<>(examples.size());
        for (Example e : examples) {
            if (tokenTask) {
                inputs.add(EmbeddingInput.words(e.words()));
            } else if (e.pairText() != null) {
                inputs.add(EmbeddingInput.pair(e.text(), e.pairText()));
            } else {
                inputs.add(EmbeddingInput.text(e.text()));
            }
        }
        List<Integer> layerList = new ArrayList<>();
        boolean mean = false;
        for (String part : layers.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("mean")) {
                mean = true;
            } else if (p.equals("all")) {
                for (int l = 0; l <= layerCount(model, options); l++) {
                    layerList.add(l);
                }
            } else {
                try {
                    layerList.add(Integer.parseInt(p));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--layers: '" + part + "' is not a layer number; use all, mean or "
                            + "a comma list of numbers such as -1,-2", e);
                }
            }
        }
        EmbeddingRequest request = new EmbeddingRequest(inputs, layerList, mean, SubwordPooling.parse(subword),
                tokenTask ? SentencePooling.NONE : SentencePooling.parse(pooling), pairEncoding, batch);
        LayerEmbeddings result = embeddings.embed(model, request, ds.contentHash(), options, progress,
                CancellationToken.NONE);

        Path dir = out.staging();
        List<String> files = new ArrayList<>();
        for (Map.Entry<Integer, FloatMatrix> e : result.layers().entrySet()) {
            String name = "layer-" + e.getKey() + ".npy";
            Npy.writeMatrix(dir.resolve(name), e.getValue());
            files.add(name);
        }
        if (result.layerMean() != null) {
            Npy.writeMatrix(dir.resolve("mean.npy"), result.layerMean());
            files.add("mean.npy");
        }
        Npy.writeLabels(dir.resolve("labels.npy"), ds.labelsOf(examples));
        files.add("labels.npy");
        FloatMatrix any = result.layerMean() != null ? result.layerMean() : result.layers().values().iterator().next();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model", model);
        manifest.put("dataset", ds.name());
        manifest.put("datasetHash", ds.contentHash());
        manifest.put("task", ds.taskType().displayName());
        manifest.put("labels", ds.labelMap());
        manifest.put("rows", any.rows());
        manifest.put("cols", any.cols());
        manifest.put("layers", List.copyOf(result.layers().keySet()));
        manifest.put("layerMean", result.layerMean() != null);
        manifest.put("subwordPooling", request.subwordPooling().name().toLowerCase(Locale.ROOT));
        manifest.put("sentencePooling", request.sentencePooling().name().toLowerCase(Locale.ROOT));
        manifest.put("pairEncoding", request.pairEncoding().name().toLowerCase(Locale.ROOT));
        manifest.put("wordsPerInput", result.wordsPerInput());
        manifest.put("tokens", result.tokens());
        manifest.put("truncatedInputs", result.truncatedInputs());
        manifest.put("fromCache", result.fromCache());
        manifest.put("provenance", result.provenance());
        manifest.put("files", files);
        Files.write(dir.resolve("manifest.json"), Render.prettyJson(manifest).getBytes(StandardCharsets.UTF_8));
        out.commit();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", model);
        summary.put("dataset", ds.name());
        summary.put("inputs", inputs.size());
        summary.put("rows", any.rows());
        summary.put("cols", any.cols());
        summary.put("layers", files.stream().filter(f -> !f.equals("labels.npy")).map(f -> f.replace(".npy", ""))
                .toList());
        summary.put("tokens", result.tokens());
        summary.put("truncatedInputs", result.truncatedInputs());
        summary.put("fromCache", result.fromCache());
        summary.put("seconds", (System.nanoTime() - start) / 1e9);
        summary.put("out", out.target().toString());
        if (json) {
            return Render.json(summary);
        }
        List<List<Object>> rows = new ArrayList<>();
        summary.forEach((k, v) -> rows.add(List.of(k, v instanceof Double d ? Render.number(d) : String.valueOf(v))));
        String warning = result.truncatedInputs() > 0 ? "\nwarning: " + result.truncatedInputs()
                + " inputs were longer than the model's maximum length and were truncated" : "";
        return Render.table(List.of("FIELD", "VALUE"), rows) + warning;
    }

    private int layerCount(String model, ModelOptions options) throws IOException {
        for (ModelDescriptor d : embeddings.models()) {
            if (d.reference().equalsIgnoreCase(model) && d.layers() > 0) {
                return d.layers();
            }
        }
        try (LanguageModel m = embeddings.open(model, options)) {
            return m.info().layers();
        }
    }

    private String available() {
        return String.join(", ", embeddings.models().stream().map(ModelDescriptor::reference).toList());
    }

    private static PairEncoding parsePair(String pair) {
        try {
            return PairEncoding.valueOf(pair.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pair: unknown pair encoding '" + pair + "'; use native or join_sep", e);
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
