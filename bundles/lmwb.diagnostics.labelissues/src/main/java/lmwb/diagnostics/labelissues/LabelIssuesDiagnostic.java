package lmwb.diagnostics.labelissues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lmwb.api.FloatMatrix;
import lmwb.api.Provenance;
import lmwb.api.TaskType;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticData;
import lmwb.api.diagnostics.LabelIssueMethod;
import lmwb.api.diagnostics.LabelIssuesRequest;
import lmwb.api.diagnostics.LabelIssuesResult;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.diagnostics.core.DiagnosedData;
import lmwb.diagnostics.core.OutOfFoldProbe;
import lmwb.diagnostics.core.StoredDiagnostics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code label-issues}: confident learning ({@link ConfidentLearning}) on probabilities the user gives, or on the
 * held-out probabilities of the seeded k-fold linear probe ({@link OutOfFoldProbe}) on the models' embeddings.
 */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + LabelIssuesDiagnostic.NAME})
public class LabelIssuesDiagnostic implements DatasetDiagnostic<LabelIssuesRequest, LabelIssuesResult> {
    /** The diagnostic's name. */
    public static final String NAME = "label-issues";
    private final DatasetCatalog catalog;
    private final EmbeddingService embeddings;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param catalog datasets
     * @param embeddings models and the embedding cache
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public LabelIssuesDiagnostic(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.catalog = catalog;
        this.embeddings = embeddings;
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "probable label errors by confident learning (out-of-fold probe probabilities, or --pred-probs/--labels)";
    }

    @Override
    public Class<LabelIssuesRequest> requestType() {
        return LabelIssuesRequest.class;
    }

    @Override
    public Set<TaskType> supportedTasks() {
        return EnumSet.of(TaskType.TEXT_CLASSIFICATION, TaskType.PAIR_CLASSIFICATION);
    }

    @Override
    public boolean needsModels() {
        return true;
    }

    @Override
    public LabelIssuesResult run(LabelIssuesRequest request, RunContext context) throws Exception {
        List<String> notes = new ArrayList<>();
        double[][] p;
        int[] labels;
        DiagnosedDataset described;
        String source;
        DiagnosedData data = null;
        Provenance.Builder prov = provenance.begin(NAME, request, context);
        if (request.givenProbabilities()) {
            GivenProbabilities given = GivenProbabilities.read(Path.of(request.predProbs()), Path.of(request.labels()), notes);
            p = given.probabilities();
            labels = given.labels();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < p[0].length; c++) {
                names.add(Integer.toString(c));
            }
            described = new DiagnosedDataset(Path.of(request.predProbs()).getFileName().toString(), given.hash(), "given probabilities",
                    labels.length, names);
            source = "pred-probs";
            prov.input("pred_probs+labels", given.hash());
        } else {
            DiagnosticData d = request.data();
            data = DiagnosedData.load(catalog, d.dataset(), d.datasetOptions(), NAME, 2, context)
                    .embed(embeddings, d, context);
            notes.addAll(data.notes());
            labels = data.classes();
            String layer = d.layer();
            OutOfFoldProbe.Result oof;
            if (layer.equals(DiagnosticData.BEST)) {
                String bestKey = null;
                OutOfFoldProbe.Result best = null;
                double bestLl = Double.NEGATIVE_INFINITY;
                for (Map.Entry<String, FloatMatrix> l : data.layers().entrySet()) {
                    OutOfFoldProbe.Result r = OutOfFoldProbe.run(l.getValue(), labels, data.classCount(), d.folds(), d.seed(),
                            context.cancel());
                    double ll = meanLogLikelihood(r, labels);
                    if (ll > bestLl) {
                        bestLl = ll;
                        best = r;
                        bestKey = l.getKey();
                    }
                }
                notes.add("--layer best: layer " + bestKey + " (highest held-out log-likelihood of the given labels)");
                layer = bestKey;
                oof = best;
            } else {
                oof = OutOfFoldProbe.run(data.features(layer), labels, data.classCount(), d.folds(), d.seed(), context.cancel());
            }
            p = oof.rows();
            described = data.describe();
            source = String.join("+", data.models()) + " layer " + layer + ", " + d.folds() + "-fold probe";
            prov.input(ProvenanceRecorder.DATASET, data.dataset().contentHash()).seed(d.seed());
            data.modelHashes().forEach((m, h) -> prov.input(ProvenanceRecorder.MODEL_PREFIX + m, h));
            GivenProbabilities.check(p, labels, "the probe's probabilities", notes);
        }
        context.cancel().throwIfCancelled();
        ConfidentLearning cl = new ConfidentLearning(p, labels);
        int[] issues = cl.issues(request.method(), request.rankBy(), request.calibrate());
        List<LabelIssuesResult.Issue> list = new ArrayList<>();
        Map<String, Integer> perClass = new LinkedHashMap<>();
        described.labels().forEach(l -> perClass.put(l, 0));
        for (int i : issues) {
            String given = described.label(labels[i]);
            perClass.merge(given, 1, Integer::sum);
            list.add(new LabelIssuesResult.Issue(i, given, described.label(cl.bestOther(i)),
                    cl.score(i, request.method() == LabelIssueMethod.PUBLISHED ? lmwb.api.diagnostics.IssueRanking.NORMALIZED_MARGIN
                            : request.rankBy()), data == null ? null : data.text(i)));
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        double[] t = cl.thresholds();
        for (int c = 0; c < t.length; c++) {
            thresholds.put(described.label(c), t[c]);
        }
        long[][] joint = request.calibrate() ? cl.calibratedJoint() : cl.confidentJoint();
        List<List<Long>> jointRows = new ArrayList<>();
        for (long[] row : joint) {
            jointRows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        Provenance built = prov.config("method", request.method().name().toLowerCase(java.util.Locale.ROOT))
                .config("source", source).build();
        DiagnosedDataset ds = described;
        String sourceText = source;
        String summary = NAME + " " + ds.name() + ": " + issues.length + " of " + ds.examples() + " examples ("
                + request.method().name().toLowerCase(java.util.Locale.ROOT) + ", " + source + ")";
        List<String> models = data == null ? List.of() : data.models();
        return StoredDiagnostics.store(store, LabelIssuesResult.KIND, id -> new LabelIssuesResult(id, LabelIssuesResult.KIND, ds,
                sourceText, request.method(), request.rankBy(), request.calibrate(), issues.length, thresholds, jointRows, perClass,
                list, notes, built), new ResultMetadata(summary, context.user(), ds.name(), models, List.of(), context.jobId()),
                Map.of());
    }

    private static double meanLogLikelihood(OutOfFoldProbe.Result r, int[] labels) {
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            s += Math.log(Math.max(r.p(i, labels[i]), 1e-300));
        }
        return s / labels.length;
    }
}
