package lmwb.diagnostics.labelissues;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
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
import lmwb.api.results.ResultStore;
import lmwb.diagnostics.core.ClassificationDiagnostic;
import lmwb.diagnostics.core.DiagnosedData;
import lmwb.diagnostics.core.LayerProbes;
import lmwb.diagnostics.core.OutOfFoldProbe;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code label-issues}: confident learning ({@link ConfidentLearning}) on probabilities the user gives, or on the
 * held-out probabilities of the seeded k-fold linear probe ({@link OutOfFoldProbe}) on the models' embeddings.
 */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + LabelIssuesDiagnostic.NAME})
public class LabelIssuesDiagnostic extends ClassificationDiagnostic<LabelIssuesRequest, LabelIssuesResult> {
    /** The diagnostic's name. */
    public static final String NAME = "label-issues";

    /**
     * @param catalog datasets
     * @param embeddings models and the embedding cache
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public LabelIssuesDiagnostic(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super(NAME, "probable label errors by confident learning (out-of-fold probe probabilities, or --pred-probs/--labels)",
                LabelIssuesRequest.class, catalog, embeddings, store, provenance);
    }

    @Override
    public LabelIssuesResult run(LabelIssuesRequest request, RunContext context) throws Exception {
        List<String> notes = new ArrayList<>();
        double[][] p;
        int[] labels;
        DiagnosedDataset described;
        String source;
        DiagnosedData data = null;
        Provenance.Builder prov;
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
            prov = provenance(request, context, null).input("pred_probs+labels", given.hash());
        } else {
            DiagnosticData d = request.data();
            data = loadEmbedded(d, 2, context);
            notes.addAll(data.notes());
            labels = data.classes();
            Map<String, OutOfFoldProbe.Result> probes = LayerProbes.run(data, LayerProbes.keys(data, d.layer(), false), d.folds(),
                    d.seed(), NAME + " probes", context);
            String layer = d.layer().equals(DiagnosticData.BEST) ? LayerProbes.best(probes, labels) : data.layerKey(d.layer());
            if (d.layer().equals(DiagnosticData.BEST)) {
                notes.add("--layer best: layer " + layer + " (highest held-out log-likelihood of the given labels)");
            }
            p = probes.get(layer).rows();
            described = data.describe();
            source = String.join("+", data.models()) + " layer " + layer + ", " + d.folds() + "-fold probe";
            prov = provenance(request, context, data).seed(d.seed());
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
        return store(LabelIssuesResult.KIND, id -> new LabelIssuesResult(id, LabelIssuesResult.KIND, ds, sourceText,
                request.method(), request.rankBy(), request.calibrate(), issues.length, thresholds, jointRows, perClass, list, notes,
                built), summary, ds, models, context, Map.of());
    }
}
