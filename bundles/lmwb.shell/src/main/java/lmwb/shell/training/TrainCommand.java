package lmwb.shell.training;

import lmwb.shell.OutputFolder;
import lmwb.shell.core.Invocation;
import lmwb.shell.core.Options;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lmwb:train}: the options given → {@code lmwb.api.training.TrainingRequest} → the {@code train} capability →
 * the per-run table (checkpoints stored with the result) or the stored JSON.
 */
@Component(service = TrainCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=train"})
public class TrainCommand {
    private final Invocation invocation;

    /** @param invocation runs capabilities */
    @Activate
    public TrainCommand(@Reference Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * Trains.
     *
     * @return the per-run and mean ± std table, or JSON
     * @throws Exception on failure
     */
    @Descriptor("fine-tune one or several language models together (concat, mean or DME multi-encoder) with a task head; "
            + "reports test scores (mean ± std over runs) against the majority-class baseline; stores the run and its "
            + "checkpoints")
    public String train(
            @Descriptor("dataset name (see 'datasets') or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models (see 'models')") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("how several models are combined: concat, mean, dme (default) or an installed plug-in combiner's name (an unknown name lists the installed ones)") @Parameter(names = "--combine", absentValue = "") String combine,
            @Descriptor("head: auto (default, from the task), text-classification, pair-classification, text-regression, pair-regression, token-tagging") @Parameter(names = "--head", absentValue = "") String head,
            @Descriptor("encoder learning rate, one for all or one per model: 2e-5 (default) or 2e-5,1e-5") @Parameter(names = "--lr", absentValue = "") String lr,
            @Descriptor("learning rate of the head and the combiner's own parameters (default 1e-3)") @Parameter(names = "--head-lr", absentValue = "") String headLr,
            @Descriptor("maximum epochs (default 3)") @Parameter(names = "--epochs", absentValue = "") String epochs,
            @Descriptor("examples per step (default 16)") @Parameter(names = "--batch-size", absentValue = "") String batchSize,
            @Descriptor("deprecated spelling of --batch-size") @Parameter(names = "--batch", absentValue = "") String batch,
            @Descriptor("longest token sequence when fine-tuning (default 128)") @Parameter(names = "--max-length", absentValue = "") String maxLength,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified (default all)") @Parameter(names = "--downsample", absentValue = "") String downsample,
            @Descriptor("seed of the first run (run k uses seed + k) and of splitting (default 42)") @Parameter(names = "--seed", absentValue = "") String seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "") String encoding,
            @Descriptor("number of runs (seeds) to report mean ± std over (default 1)") @Parameter(names = "--runs", absentValue = "") String runs,
            @Descriptor("keep the encoders frozen: train combiner and head on cached embeddings (fast on CPU)") @Parameter(names = "--frozen", presentValue = "true", absentValue = "") String frozen,
            @Descriptor("epochs without dev improvement before stopping (default 2)") @Parameter(names = "--patience", absentValue = "") String patience,
            @Descriptor("dev metric that selects the best epoch: auto (default), accuracy, macro_f1, micro_f1, mcc, pearson, spearman, mse, span_f1") @Parameter(names = "--metric", absentValue = "") String metric,
            @Descriptor("tokens -> sentence pooling: mean (default), cls or max") @Parameter(names = "--sentence-pooling", absentValue = "") String sentencePooling,
            @Descriptor("deprecated spelling of --sentence-pooling") @Parameter(names = "--pooling", absentValue = "") String pooling,
            @Descriptor("layer to pool (negative from the end, default -1) or 'mean' for the mean over layers") @Parameter(names = "--layer", absentValue = "") String layer,
            @Descriptor("encoder dropout override when fine-tuning (default: each model's own, from its config.json)") @Parameter(names = "--dropout", absentValue = "") String dropout,
            @Descriptor("dropout on the combined vector (default 0)") @Parameter(names = "--combine-dropout", absentValue = "") String combineDropout,
            @Descriptor("no shared LayerNorm in DME") @Parameter(names = "--no-layer-norm", presentValue = "true", absentValue = "") String noLayerNorm,
            @Descriptor("fraction of the steps with linear warm-up, then linear decay (default 0.1)") @Parameter(names = "--warmup", absentValue = "") String warmup,
            @Descriptor("AdamW weight decay (default 0.01)") @Parameter(names = "--weight-decay", absentValue = "") String weightDecay,
            @Descriptor("gradient clipping, global L2 norm (default 5.0)") @Parameter(names = "--clip-norm", absentValue = "") String clipNorm,
            @Descriptor("also copy the stored run (result.json and each seed-<seed> checkpoint) into DIR; an earlier train export there is replaced whole") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier train export") @Parameter(names = "--force", presentValue = "true", absentValue = "") String force,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "") String device,
            @Descriptor("record each training example's gold-label probability after every epoch (classification), for 'cartography RUN'") @Parameter(names = "--dynamics", presentValue = "true", absentValue = "") String dynamics,
            @Descriptor("read the request from this JSON file (keys: the long options with _ for -); options given here override it") @Parameter(names = "--request", absentValue = "") String request,
            @Descriptor("print the stored result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "") String json)
            throws Exception {
        Options given = Options.given().option("--dataset", dataset).option("--models", models).option("--combine", combine)
                .option("--head", head).option("--lr", lr).option("--head-lr", headLr).option("--epochs", epochs)
                .option("--batch-size", batchSize).renamed("--batch", batch, "--batch-size")
                .option("--max-length", maxLength).option("--downsample", downsample).option("--seed", seed)
                .option("--encoding", encoding).option("--runs", runs).option("--frozen", frozen)
                .option("--patience", patience).option("--metric", metric).option("--sentence-pooling", sentencePooling)
                .renamed("--pooling", pooling, "--sentence-pooling").option("--layer", layer).option("--dropout", dropout)
                .option("--combine-dropout", combineDropout).option("--no-layer-norm", noLayerNorm)
                .option("--warmup", warmup).option("--weight-decay", weightDecay).option("--clip-norm", clipNorm)
                .option("--out", out).option("--device", device).option("--dynamics", dynamics);
        return invocation.call("train", given).request(request).export(force, OutputFolder.trainExport()).render(json);
    }
}
