package lmwb.diagnostics.divergence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DivergenceRequest;
import lmwb.api.diagnostics.DivergenceResult;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.results.ResultStore;
import lmwb.diagnostics.core.ClassificationDiagnostic;
import lmwb.diagnostics.core.DiagnosedData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code divergence}: the JS divergence of every pair of labels' unigram distributions ({@link UnigramDivergence}). */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + DivergenceDiagnostic.NAME})
public class DivergenceDiagnostic extends ClassificationDiagnostic<DivergenceRequest, DivergenceResult> {
    /** The diagnostic's name. */
    public static final String NAME = "divergence";

    /**
     * @param catalog datasets
     * @param embeddings resolves the model of {@code --tokens model} (its tokenizer)
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public DivergenceDiagnostic(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super(NAME, "label-pair Jensen-Shannon divergence (bits) of the texts' unigram distributions; lower = harder to tell apart",
                DivergenceRequest.class, catalog, embeddings, store, provenance);
    }

    /** @return false: only {@code --tokens model} reads a model, and then only its tokenizer */
    @Override
    public boolean needsModels() {
        return false;
    }

    @Override
    public DivergenceResult run(DivergenceRequest request, RunContext context) throws Exception {
        DiagnosedData data = DiagnosedData.load(catalog, request.dataset(), request.datasetOptions(), NAME, 1, context);
        List<String> notes = new ArrayList<>(data.notes());
        DiagnosedDataset ds = data.describe();
        int classes = data.classCount();
        List<List<String>> texts = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            texts.add(new ArrayList<>());
        }
        for (int i = 0; i < data.examples().size(); i++) {
            var e = data.examples().get(i);
            texts.get(data.classes()[i]).add(e.pairText() == null ? e.text() : e.text() + " " + e.pairText());
        }
        List<Map<String, Long>> counts = new ArrayList<>();
        Map<String, Long> tokensPerLabel = new LinkedHashMap<>();
        List<Integer> present = new ArrayList<>();
        String tokens = request.tokens();
        ModelArtifact model = null;
        ModelTokenizer tokenizer = null;
        if (request.tokens().equals(DivergenceRequest.MODEL)) {
            String reference = request.models().isEmpty() ? defaultModel(notes) : request.models().get(0);
            model = embeddings.resolve(reference, context.progress());
            tokenizer = ModelTokenizer.open(model.tokenizer());
            tokens = DivergenceRequest.MODEL + ":" + reference;
        }
        try {
            Function<String, List<String>> split = tokenizer == null ? UnigramDivergence::tokens : tokenizer::tokens;
            for (int c = 0; c < classes; c++) {
                context.cancel().throwIfCancelled();
                Map<String, Long> m = UnigramDivergence.counts(texts.get(c), split);
                counts.add(m);
                if (!texts.get(c).isEmpty()) {
                    present.add(c);
                    tokensPerLabel.put(ds.label(c), m.values().stream().mapToLong(Long::longValue).sum());
                }
            }
        } finally {
            if (tokenizer != null) {
                tokenizer.close();
            }
        }
        if (present.size() < classes) {
            notes.add((classes - present.size()) + " label(s) with no examples left out");
        }
        List<DivergenceResult.LabelPair> pairs = new ArrayList<>();
        for (int x = 0; x < present.size(); x++) {
            for (int y = x + 1; y < present.size(); y++) {
                context.cancel().throwIfCancelled();
                int a = present.get(x);
                int b = present.get(y);
                pairs.add(new DivergenceResult.LabelPair(ds.label(a), ds.label(b), UnigramDivergence.jsBits(counts.get(a), counts.get(b)),
                        UnigramDivergence.vocabulary(counts.get(a), counts.get(b))));
            }
        }
        pairs.sort(Comparator.comparingDouble(DivergenceResult.LabelPair::jsDivergenceBits));
        Provenance.Builder prov = provenance(request, context, data).config("smoothing", "add-one");
        if (model == null) {
            prov.config("token_pattern", UnigramDivergence.TOKEN.pattern()).config("lowercase", true);
        } else {
            prov.config("tokenizer", model.reference()).input(ProvenanceRecorder.MODEL_PREFIX + model.reference(),
                    ProvenanceRecorder.modelHash(model.contentHash(), "the model source gives no content hash"));
        }
        Provenance built = prov.build();
        String tokensUsed = tokens;
        List<String> models = model == null ? List.of() : List.of(model.reference());
        String summary = NAME + " " + ds.name() + ": " + pairs.size() + " label pairs" + (pairs.isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, ", closest %s | %s %.4f bits", pairs.get(0).labelA(), pairs.get(0).labelB(),
                        pairs.get(0).jsDivergenceBits()));
        return store(DivergenceResult.KIND, id -> new DivergenceResult(id, DivergenceResult.KIND, ds, tokensUsed,
                tokensPerLabel, pairs, notes, built), summary, ds, models, context, Map.of());
    }

    private String defaultModel(List<String> notes) {
        List<String> defaults = embeddings.defaultModels();
        if (defaults.isEmpty()) {
            throw new IllegalArgumentException("--tokens model without --models needs a default model and none is available; give "
                    + "--models M (see 'models')");
        }
        notes.add("no --models given: using the tokenizer of " + defaults.get(0));
        return defaults.get(0);
    }
}
