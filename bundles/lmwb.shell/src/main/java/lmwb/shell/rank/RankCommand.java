package lmwb.shell.rank;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import lmwb.api.CancellationToken;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RankingRequest;
import lmwb.api.rank.RankingResult;
import lmwb.api.rank.ResultStore;
import lmwb.shell.Arguments;
import lmwb.shell.ConsoleProgress;
import lmwb.shell.OutputFolder;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lmwb:rank} and {@code lmwb:validate}: rank models and layers for a dataset. */
@Component(service = RankCommand.class, property = {"osgi.command.scope=lmwb", "osgi.command.function=rank",
        "osgi.command.function=validate"})
public class RankCommand {
    @Reference
    private Ranker ranker;

    @Reference
    private ResultStore store;

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
            @Descriptor("layer aggregation: layermean (default), lastlayer, bestlayer") @Parameter(names = "--layers", absentValue = "layermean") String layers,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples, stratified; default all (3000 for the default run)") @Parameter(names = "--downsample", absentValue = "1") double downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column for pair tasks") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override, e.g. text-regression") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("words -> sentence pooling: mean (default), first, last, weighted_mean, cls, max") @Parameter(names = "--sentence-pooling", absentValue = "mean") String sentencePooling,
            @Descriptor("sub-words -> word pooling: mean (default), first, last") @Parameter(names = "--subword-pooling", absentValue = "mean") String subwordPooling,
            @Descriptor("pair encoding: native (tokenizer's pair template, default) or join (' [SEP] ' as the reference)") @Parameter(names = "--pair-encoding", absentValue = "native") String pairEncoding,
            @Descriptor("sentences per forward pass") @Parameter(names = {"--batch-size", "--batch"}, absentValue = "32") int batchSize,
            @Descriptor("cpu (default) or gpu") @Parameter(names = "--device", absentValue = "cpu") String device,
            @Descriptor("seed for downsampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("also copy result.json and the plot into this folder (an earlier ranking export there is replaced)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier ranking export") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("also train the cross-validated linear probe on every (model, layer) and correlate") @Parameter(names = "--validate", presentValue = "true", absentValue = "false") boolean validate,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws Exception {
        RankingRequest request = new RankingRequest(blankToNull(dataset),
                DatasetOptions.DEFAULTS.withColumns(blankToNull(textColumn), blankToNull(pairColumn), blankToNull(labelColumn))
                        .withTaskType(blankToNull(task)).withSeed(seed).withDownsample(downsample).withEncoding(encoding),
                Arguments.commaList(models), Arguments.commaList(estimator), EstimatorOptions.parse(estimatorOptions), LayerAggregation.parse(layers),
                SubwordPooling.parse(subwordPooling), SentencePooling.parse(sentencePooling), pairEncoding(pairEncoding),
                batchSize, device, validate);
        try (OutputFolder folder = out.isBlank() ? null : OutputFolder.check(out, "ranking", force,
                OutputFolder.resultExport("ranking"))) {
            RankingResult result = ranker.rank(request, new ConsoleProgress(), new CancellationToken());
            String doc = store.json(result.id());
            if (folder != null) {
                folder.copyFilesOf(result.directory());
                folder.commit();
            }
            if (json) {
                return JsonParser.parseString(doc).toString();
            }
            JsonObject o = JsonParser.parseString(doc).getAsJsonObject();
            return RankingView.render(o, request.aggregation() == LayerAggregation.BESTLAYER)
                    + "\nplot: " + result.directory().resolve("layer-scores.svg")
                    + (folder == null ? "" : "\nout: " + folder.target() + (folder.replaces() ? " (replaced)" : ""));
        }
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
            @Descriptor("layer aggregation: layermean (default), lastlayer, bestlayer") @Parameter(names = "--layers", absentValue = "layermean") String layers,
            @Descriptor("keep a fraction (0,1] or a count (>1) of examples") @Parameter(names = "--downsample", absentValue = "1") double downsample,
            @Descriptor("text column") @Parameter(names = "--text-column", absentValue = "") String textColumn,
            @Descriptor("second text column") @Parameter(names = "--pair-column", absentValue = "") String pairColumn,
            @Descriptor("label column") @Parameter(names = "--label-column", absentValue = "") String labelColumn,
            @Descriptor("task type override") @Parameter(names = "--task", absentValue = "") String task,
            @Descriptor("text encoding of the dataset file: utf-8 (default), latin-1, cp1252, utf-16, or any Java charset name") @Parameter(names = "--encoding", absentValue = "utf-8") String encoding,
            @Descriptor("sentences per forward pass") @Parameter(names = {"--batch-size", "--batch"}, absentValue = "32") int batchSize,
            @Descriptor("seed for downsampling") @Parameter(names = "--seed", absentValue = "42") long seed,
            @Descriptor("also copy result.json and the plot into this folder (an earlier ranking export there is replaced)") @Parameter(names = "--out", absentValue = "") String out,
            @Descriptor("replace a non-empty --out folder that is not an earlier ranking export") @Parameter(names = "--force", presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("print the result as JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws Exception {
        return rank(dataset, models, estimator, "", layers, downsample, textColumn,
                pairColumn, labelColumn, task, encoding, "mean", "mean", "native", batchSize, "cpu", seed, out, force, true, json);
    }

    private static PairEncoding pairEncoding(String v) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "native" -> PairEncoding.NATIVE;
            case "join", "join_sep", "sep" -> PairEncoding.JOIN_SEP;
            default -> throw new IllegalArgumentException("unknown pair encoding '" + v + "'; use native or join");
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
