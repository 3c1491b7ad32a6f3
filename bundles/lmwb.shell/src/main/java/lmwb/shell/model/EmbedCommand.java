package lmwb.shell.model;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.encoder.EmbedResult;
import lmwb.api.results.StoredResult;
import lmwb.shell.OutputFolder;
import lmwb.shell.Render;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:embed}: options → {@code EmbedRequest} → the {@code embed} capability, which stores the {@code .npy}
 * files and manifest as a result of kind {@code embedding}; {@code --out} copies them into a folder.
 */
@Component(service = EmbedCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=embed"})
public class EmbedCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public EmbedCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Embeds a dataset.
     *
     * @return a summary
     * @throws Exception on failure
     */
    @Descriptor("embed a dataset with a model; stores layer-<n>.npy per layer (mean.npy for the layer mean), labels.npy "
            + "and manifest.json as a result (see 'results --kind embedding'); --out copies them into a folder")
    public String embed(
            @Descriptor("model reference, e.g. all-minilm-l6-v2 (see lmwb:models)") @Parameter(names = "--model", absentValue = "") String model,
            @Descriptor("dataset reference (see lmwb:datasets)") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("layers: all (default), a comma list such as -1,-2 or 0,6, and/or mean (per-token mean over layers 1..L)") @Parameter(names = "--layers", absentValue = "") String layers,
            @Descriptor("also copy the export into this folder (an earlier embed export there is replaced whole)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier embed export") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max (token tasks always pool per word)") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("deprecated spelling of --sentence-pooling") @Parameter(names = "--pooling", absentValue = "") String pooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "") String subwordPooling,
            @Descriptor("deprecated spelling of --subword-pooling") @Parameter(names = "--subword", absentValue = "") String subword,
            @Descriptor("pair encoding: native (tokenizer template, default) or join (the reference's literal ' [SEP] ')") @Parameter(names = "--pair-encoding", absentValue = "") String pairEncoding,
            @Descriptor("deprecated spelling of --pair-encoding") @Parameter(names = "--pair", absentValue = "") String pair,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("deprecated spelling of --batch-size") @Parameter(names = "--batch", absentValue = "") String batch,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("where the forward passes run: local (default) or spark (on --spark-master; see the README)") @Parameter(names = "--engine", absentValue = "") String engine,
            @Descriptor("Spark master URL for --engine spark, e.g. spark://127.0.0.1:7077 (runtime/spark-cluster start prints one)") @Parameter(names = "--spark-master", absentValue = "") String sparkMaster,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result (the manifest) as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--model", model).option("--dataset", dataset).option("--layers", layers)
                .option("--out", out).option("--sentence-pooling", sentencePooling).renamed("--pooling", pooling, "--sentence-pooling")
                .option("--subword-pooling", subwordPooling).renamed("--subword", subword, "--subword-pooling")
                .option("--pair-encoding", pairEncoding).renamed("--pair", pair, "--pair-encoding")
                .option("--batch-size", batchSize).renamed("--batch", batch, "--batch-size").option("--downsample", downsample)
                .option("--seed", seed).option("--encoding", encoding).option("--device", device)
                .option("--engine", engine).option("--spark-master", sparkMaster);
        return invocation.call("embed", given).request(request).export(force,
                OutputFolder.resultExport(EmbedResult.KIND).or(OutputFolder.embedExport()))
                .render(json);
    }

    /**
     * @param r an embedding export
     * @param stored where it is stored, or {@code null}
     * @return its summary, one field per row
     */
    public static String table(EmbedResult r, StoredResult stored) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("model", r.model()));
        rows.add(List.of("dataset", r.dataset()));
        rows.add(List.of("rows", r.rows()));
        rows.add(List.of("cols", r.cols()));
        rows.add(List.of("layers", r.files().stream().filter(f -> f.endsWith(".npy") && !f.equals("labels.npy"))
                .map(f -> f.replace(".npy", "")).toList()));
        rows.add(List.of("tokens", r.tokens()));
        rows.add(List.of("truncated_inputs", r.truncatedInputs()));
        rows.add(List.of("from_cache", r.fromCache()));
        rows.add(List.of("seconds", Render.number(r.seconds())));
        rows.add(List.of("stored as", r.resultId()));
        if (stored != null) {
            rows.add(List.of("folder", stored.directory()));
        }
        String warning = r.truncatedInputs() > 0 ? "\nwarning: " + r.truncatedInputs()
                + " inputs were longer than the model's maximum length and were truncated" : "";
        return Render.table(List.of("FIELD", "VALUE"), rows) + warning;
    }
}
