package lmwb.shell.rank;

import lmwb.api.rank.RankResult;
import lmwb.shell.OutputFolder;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:rank} and {@code lmwb:validate}: the options given → {@code lmwb.api.rank.RankRequest} /
 * {@code ValidateRequest} → the {@code rank} / {@code validate} capability → the ranking table or the stored JSON.
 */
@Component(service = RankCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=rank",
        "osgi.command.function=validate"})
public class RankCommand {
    private static final String[] EXPORTS = {"ranking", "validation"};
    /** How the ranker's notes about rows it left out begin (validation's rare classes: "dropped 3 tags with ..."). */
    private static final String DROPPED = "dropped ";
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public RankCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Ranks models.
     *
     * @return the ranking table or JSON
     * @throws Exception on failure
     */
    @Descriptor("rank pretrained models and their layers for a dataset with transferability estimators (no fine-tuning)")
    public String rank(
            @Descriptor("dataset name (see 'datasets') or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models (see 'models'); default: the built-in models") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma-separated estimators (see 'estimators'); default: hscore, or logme for regression") @Parameter(names = "--estimator", absentValue = "") String estimator,
            @Descriptor("estimator options key=value,... e.g. k=5,metric=cosine") @Parameter(names = "--options", absentValue = "") String estimatorOptions,
            @Descriptor("layer aggregation: layermean (default), lastlayer, bestlayer") @Parameter(names = "--layers", absentValue = "") String layers,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all (3000 for the default run)") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override, e.g. text-regression") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "") String subwordPooling,
            @Descriptor("pair encoding: native (tokenizer's pair template, default) or join (' [SEP] ' as the reference)") @Parameter(names = "--pair-encoding", absentValue = "") String pairEncoding,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("deprecated spelling of --batch-size") @Parameter(names = "--batch", absentValue = "") String batch,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("also copy result.json and the plot into this folder (an earlier ranking export there is replaced)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier ranking export") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("also train the cross-validated linear probe on every (model, layer) and correlate") @Parameter(names = "--validate", presentValue = "true", absentValue = "") String validate,
            @Descriptor("rank stability: resample the examples B times (seeded by --seed) and report each model's mean score, 95 % interval, how often it ranks first and which pairs swap; also the layers of the top model (default 0: off)") @Parameter(names = "--bootstrap", absentValue = "") String bootstrap,
            @Descriptor("also score the concatenated embeddings of every pair (2) or triple (3) of models, to choose multi-encoder candidates without training (default: off)") @Parameter(names = "--combinations", absentValue = "") String combinations,
            @Descriptor("where the forward passes run: local (default) or spark (on --spark-master; see the README)") @Parameter(names = "--engine", absentValue = "") String engine,
            @Descriptor("Spark master URL for --engine spark, e.g. spark://127.0.0.1:7077 (runtime/spark-cluster start prints one)") @Parameter(names = "--spark-master", absentValue = "") String sparkMaster,
            @Descriptor("read the request from this JSON file (keys: the long options with _ for -); options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--dataset", dataset).option("--models", models).option("--estimator", estimator)
                .option("--options", estimatorOptions).option("--layers", layers).option("--downsample", downsample)
                .option("--text-column", textColumn).option("--pair-column", pairColumn).option("--label-column", labelColumn)
                .option("--task", task).option("--encoding", encoding).option("--sentence-pooling", sentencePooling)
                .option("--subword-pooling", subwordPooling).option("--pair-encoding", pairEncoding)
                .option("--batch-size", batchSize).renamed("--batch", batch, "--batch-size").option("--device", device)
                .option("--seed", seed).option("--out", out).option("--validate", validate).option("--bootstrap", bootstrap)
                .option("--combinations", combinations).option("--engine", engine).option("--spark-master", sparkMaster);
        return invocation.call("rank", given).request(request).export(force, "ranking", OutputFolder.resultExport(EXPORTS)).render(json);
    }

    /**
     * Ranks and validates against the linear probe.
     *
     * @return the ranking and correlation tables or JSON
     * @throws Exception on failure
     */
    @Descriptor("rank and check how well each estimator predicts a cross-validated linear probe (Pearson, Spearman, Kendall)")
    public String validate(
            @Descriptor("dataset name or file path; default: the built-in default dataset") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models; default: the built-in models") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("comma-separated estimators; default: every installed estimator that suits the task") @Parameter(names = "--estimator", absentValue = "") String estimator,
            @Descriptor("layer aggregation: layermean (default), lastlayer, bestlayer") @Parameter(names = "--layers", absentValue = "") String layers,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("sentences per forward pass (default 32)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("deprecated spelling of --batch-size") @Parameter(names = "--batch", absentValue = "") String batch,
            @Descriptor("seed for downsampling (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("also copy result.json and the plot into this folder (an earlier ranking export there is replaced)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier ranking export") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("where the forward passes run: local (default) or spark (on --spark-master; see the README)") @Parameter(names = "--engine", absentValue = "") String engine,
            @Descriptor("Spark master URL for --engine spark, e.g. spark://127.0.0.1:7077 (runtime/spark-cluster start prints one)") @Parameter(names = "--spark-master", absentValue = "") String sparkMaster,
            @Descriptor("read the request from this JSON file; options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--dataset", dataset).option("--models", models).option("--estimator", estimator)
                .option("--layers", layers).option("--downsample", downsample).option("--text-column", textColumn)
                .option("--pair-column", pairColumn).option("--label-column", labelColumn).option("--task", task)
                .option("--encoding", encoding).option("--batch-size", batchSize).renamed("--batch", batch, "--batch-size")
                .option("--seed", seed).option("--out", out).option("--engine", engine).option("--spark-master", sparkMaster);
        Invocation.Call call = invocation.call("validate", given).request(request)
                .export(force, "ranking", OutputFolder.resultExport(EXPORTS));
        String shown = call.render(json);
        // what validation left out of the rows goes to stderr too, where --json (stdout) does not hide it
        if (call.result() instanceof RankResult r) {
            r.notes().stream().filter(n -> n.startsWith(DROPPED)).forEach(n -> System.err.println("lmwb: note: " + n));
        }
        return shown;
    }
}
