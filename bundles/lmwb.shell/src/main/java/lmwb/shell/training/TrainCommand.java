package lmwb.shell.training;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.rank.ResultStore;
import lmwb.api.rank.StoredResult;
import lmwb.api.training.EpochLog;
import lmwb.api.training.RunResult;
import lmwb.api.training.Trainer;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.shell.Arguments;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.OutputFolder;
import lmwb.shell.Render;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:train}: tune one or several language models together with a task head. */
@Component(service = TrainCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=train"})
public class TrainCommand {
    @Reference
    private Trainer trainer;

    @Reference
    private ResultStore store;

    /**
     * Trains.
     *
     * @return the per-run and mean ± std table, or JSON
     * @throws Exception on failure
     */
    @Descriptor("fine-tune one or several language models together (concat, mean or DME multi-encoder) with a task head; "
            + "reports test scores (mean ± std over runs) against the majority-class baseline")
    public String train(
            @Descriptor("dataset name (see 'datasets') or file path") @Parameter(names = "--dataset", absentValue = "") String dataset,
            @Descriptor("comma-separated models (see 'models')") @Parameter(names = "--models", absentValue = "") String models,
            @Descriptor("how several models are combined: concat, mean, dme (default) or an installed plug-in combiner's name (an unknown name lists the installed ones)") @Parameter(names = "--combine", absentValue = "dme") String combine,
            @Descriptor("head: auto (default, from the task), text-classification, pair-classification, text-regression, pair-regression, token-tagging") @Parameter(names = "--head", absentValue = "auto") String head,
            @Descriptor("encoder learning rate, one for all or one per model: 2e-5 or 2e-5,1e-5") @Parameter(names = "--lr", absentValue = "2e-5") String lr,
            @Descriptor("learning rate of the head and the combiner's own parameters") @Parameter(names = "--head-lr", absentValue = "1e-3") double headLr,
            @Descriptor("maximum epochs") @Parameter(names = "--epochs", absentValue = "3") int epochs,
            @Descriptor("examples per step") @Parameter(names = {"--batch-size", "--batch"}, absentValue = "16") int batchSize,
            @Descriptor("longest token sequence when fine-tuning") @Parameter(names = "--max-length", absentValue = "128") int maxLength,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified") @Parameter(names = "--downsample", absentValue = "1") double downsample,
            @Descriptor("seed of the first run (run k uses seed + k) and of splitting") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("number of runs (seeds) to report mean ± std over") @Parameter(names = "--runs", absentValue = "1") int runs,
            @Descriptor("keep the encoders frozen: train combiner and head on cached embeddings (fast on CPU)") @Parameter(names = "--frozen", presentValue = "true", absentValue = "false") boolean frozen,
            @Descriptor("epochs without dev improvement before stopping") @Parameter(names = "--patience", absentValue = "2") int patience,
            @Descriptor("dev metric that selects the best epoch: auto, accuracy, macro_f1, micro_f1, mcc, pearson, spearman, mse, span_f1") @Parameter(names = "--metric", absentValue = "auto") String metric,
            @Descriptor("pooling: mean (default), cls or max") @Parameter(names = "--pooling", absentValue = "mean") String pooling,
            @Descriptor("layer to pool (negative from the end, default -1) or 'mean' for the mean over layers") @Parameter(names = "--layer", absentValue = "-1") String layer,
            @Descriptor("encoder dropout override when fine-tuning (default: each model's own, from its config.json)") @Parameter(names = "--dropout", absentValue = "NaN") double dropout,
            @Descriptor("dropout on the combined vector") @Parameter(names = "--combine-dropout", absentValue = "0") double combineDropout,
            @Descriptor("no shared LayerNorm in DME") @Parameter(names = "--no-layer-norm", presentValue = "true", absentValue = "false") boolean noLayerNorm,
            @Descriptor("write each run's best checkpoint into DIR/seed-<seed>; an earlier train export there is replaced whole") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier train export") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws Exception {
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("give --dataset (a name from 'datasets' or a file)");
        }
        List<String> modelList = Arguments.commaList(models);
        if (modelList.isEmpty()) {
            throw new IllegalArgumentException("give --models m1[,m2,...] (see 'models')");
        }
        List<Double> rates = new ArrayList<>();
        for (String r : Arguments.commaList(lr)) {
            try {
                rates.add(Double.parseDouble(r));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lr '" + lr + "' is not a number or a comma-separated list of numbers");
            }
        }
        Integer layerIndex;
        if (layer.equalsIgnoreCase("mean")) {
            layerIndex = null;
        } else {
            try {
                layerIndex = Integer.parseInt(layer.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layer '" + layer + "' must be a layer number or 'mean'");
            }
        }
        try (OutputFolder folder = out.isBlank() ? null : OutputFolder.check(out, "train", force, OutputFolder.trainExport())) {
            TrainingRequest request = TrainingRequest.defaults(dataset, modelList)
                    .withSetup(combine, head, frozen)
                    .withLearningRates(rates, headLr)
                    .withSchedule(epochs, batchSize, maxLength, downsample, seed, runs, patience, metric)
                    .withEncoding(pooling, layerIndex, dropout, combineDropout, !noLayerNorm)
                    .withOutDir(folder == null ? null : folder.staging().toString())
                    .withDatasetEncoding(encoding)
                    .withDevice(device);
            TrainingResult result = trainer.train(request, new ConsoleProgress(), new CancellationToken());
            if (folder != null) {
                folder.commit();
            }
            return store(request, folder == null ? result : movedCheckpoints(result, folder), modelList, dataset, frozen, json);
        }
    }

    /** The result with checkpoint folders under the final {@code --out} folder instead of its staging folder. */
    private static TrainingResult movedCheckpoints(TrainingResult r, OutputFolder folder) {
        List<RunResult> runs = new ArrayList<>();
        for (RunResult run : r.runs()) {
            String cp = run.checkpoint() == null ? null
                    : folder.target().resolve(folder.staging().relativize(Path.of(run.checkpoint()))).toString();
            runs.add(new RunResult(run.seed(), run.epochs(), run.bestEpoch(), run.bestDevScore(), run.test(), run.stepLosses(), cp));
        }
        return new TrainingResult(r.request().withOutDir(folder.target().toString()), r.taskType(), r.head(), r.metric(),
                r.splitSizes(), runs, r.mean(), r.std(), r.baseline(), r.provenance());
    }

    private String store(TrainingRequest request, TrainingResult result, List<String> modelList, String dataset, boolean frozen,
            boolean json) throws java.io.IOException {
        String summary = String.format(Locale.ROOT, "train %s on %s (%s%s): test %s %.4f ± %.4f", String.join("+", modelList),
                dataset, request.combine(), frozen ? ", frozen" : "", result.metric(),
                result.mean().get(result.metric()), result.std().get(result.metric()));
        JsonObject doc = Render.tree(result).getAsJsonObject();
        if (Double.isNaN(request.dropout())) {
            // "model default" is NaN in the request; JSON has no NaN.
            doc.getAsJsonObject("request").add("dropout", com.google.gson.JsonNull.INSTANCE);
        }
        doc.addProperty("id", "@id");
        doc.addProperty("kind", "training");
        StoredResult stored = store.save("training", summary, doc.toString(), Map.of());
        if (json) {
            doc.addProperty("id", stored.id());
            return doc.toString();
        }
        return render(result) + "\nstored as " + stored.id();
    }

    static String render(TrainingResult r) {
        List<String> metrics = new ArrayList<>(r.mean().keySet());
        metrics.sort(null);
        List<String> headers = new ArrayList<>(List.of("run", "seed", "best epoch", "dev " + r.metric(), "ex/s"));
        metrics.forEach(m -> headers.add("test " + m));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.runs().size(); i++) {
            RunResult run = r.runs().get(i);
            double exs = run.epochs().stream().mapToDouble(EpochLog::examplesPerSecond).average().orElse(Double.NaN);
            List<Object> row = new ArrayList<>(List.of(i + 1, run.seed(), run.bestEpoch(),
                    Render.number(run.bestDevScore()), Render.number(exs)));
            metrics.forEach(m -> row.add(Render.number(run.test().get(m))));
            rows.add(row);
        }
        List<Object> mean = new ArrayList<>(List.of("mean ± std", "", "", "", ""));
        metrics.forEach(m -> mean.add(Render.number(r.mean().get(m)) + " ± " + Render.number(r.std().get(m))));
        rows.add(mean);
        List<Object> base = new ArrayList<>(List.of("majority baseline", "", "", "", ""));
        metrics.forEach(m -> base.add(Render.number(r.baseline().getOrDefault(m, Double.NaN))));
        rows.add(base);
        Map<String, Integer> sizes = new LinkedHashMap<>(r.splitSizes());
        return r.head() + " on " + r.taskType() + ", splits " + sizes + ", selection by dev " + r.metric() + "\n"
                + Render.table(headers, rows);
    }
}
