package lmwb.diagnostics.conflicts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lmwb.api.Provenance;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.diagnostics.ConflictsRequest;
import lmwb.api.diagnostics.ConflictsResult;
import lmwb.api.diagnostics.DatasetDiagnostic;
import lmwb.api.diagnostics.DiagnosedDataset;
import lmwb.api.diagnostics.DiagnosticData;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import lmwb.diagnostics.core.ClassificationDiagnostic;
import lmwb.diagnostics.core.DiagnosedData;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code conflicts}: exact and near duplicates with different labels, within a dataset or across two datasets
 * that share label names ({@link DuplicateSearch}); near duplicates on the models' embeddings.
 */
@Component(service = {DatasetDiagnostic.class, Capability.class},
        property = {Capability.NAME + "=" + ConflictsDiagnostic.NAME})
public class ConflictsDiagnostic extends ClassificationDiagnostic<ConflictsRequest, ConflictsResult> {
    /** The diagnostic's name. */
    public static final String NAME = "conflicts";
    /** The most conflicts listed (all are counted). */
    public static final int MAX_LISTED = 10_000;

    /**
     * @param catalog datasets
     * @param embeddings models and the embedding cache
     * @param store where results go
     * @param provenance fills versions, host, user, options and seed
     */
    @Activate
    public ConflictsDiagnostic(@Reference DatasetCatalog catalog, @Reference EmbeddingService embeddings,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super(NAME, "exact and near-duplicate texts with different labels, within a dataset or across two (--against)",
                ConflictsRequest.class, catalog, embeddings, store, provenance);
    }

    @Override
    public ConflictsResult run(ConflictsRequest request, RunContext context) throws Exception {
        DiagnosticData d = request.data();
        DiagnosedData a = load(d.dataset(), d, 1, context);
        DiagnosedData b = request.against() == null ? null : load(request.against(), d, 1, context);
        List<String> notes = new ArrayList<>(a.notes());
        if (b != null) {
            b.notes().forEach(n -> notes.add(request.against() + ": " + n));
            Set<String> shared = new HashSet<>(a.describe().labels());
            shared.retainAll(b.describe().labels());
            if (shared.isEmpty()) {
                throw new IllegalArgumentException(a.dataset().name() + " (labels " + a.describe().labels() + ") and " + b.dataset().name()
                        + " (labels " + b.describe().labels() + ") share no label names; conflicts compares labels by name");
            }
        }
        List<String> textsA = texts(a);
        List<String> labelsA = labels(a);
        List<String> textsB = b == null ? null : texts(b);
        List<String> labelsB = b == null ? null : labels(b);
        List<DuplicateSearch.Pair> pairs = new ArrayList<>(DuplicateSearch.exact(textsA, labelsA, textsB, labelsB));
        List<String> models = List.of();
        if (!request.exactOnly()) {
            int before = a.notes().size();
            a = a.embed(embeddings, d, context);
            models = a.models();
            notes.addAll(a.notes().subList(before, a.notes().size()));
            if (b != null) {
                b = b.embed(embeddings, d, context);
            }
            pairs.addAll(DuplicateSearch.near(a.features(d.layer()), labelsA, textsA, b == null ? null : b.features(d.layer()), labelsB,
                    textsB, request.threshold(), context.cancel()));
        }
        DiagnosedDataset dsA = a.describe();
        DiagnosedDataset dsB = b == null ? null : b.describe();
        String sourceA = dsA.name();
        String sourceB = dsB == null ? sourceA : dsB.name();
        pairs.sort(Comparator.comparing((DuplicateSearch.Pair p) -> !p.exact()).thenComparing(p -> -p.cosine())
                .thenComparingInt(DuplicateSearch.Pair::a).thenComparingInt(DuplicateSearch.Pair::b));
        Map<String, Integer> perLabelPair = new TreeMap<>();
        int exact = 0;
        List<ConflictsResult.Conflict> listed = new ArrayList<>();
        for (DuplicateSearch.Pair p : pairs) {
            String la = labelsA.get(p.a());
            String lb = (labelsB == null ? labelsA : labelsB).get(p.b());
            String key = b == null && la.compareTo(lb) > 0 ? lb + " | " + la : la + " | " + lb;
            perLabelPair.merge(key, 1, Integer::sum);
            exact += p.exact() ? 1 : 0;
            if (listed.size() < MAX_LISTED) {
                listed.add(new ConflictsResult.Conflict(p.a(), sourceA, textsA.get(p.a()), la, p.b(), sourceB,
                        (textsB == null ? textsA : textsB).get(p.b()), lb, p.cosine(), p.exact()));
            }
        }
        if (pairs.size() > MAX_LISTED) {
            notes.add(pairs.size() + " conflicts; the first " + MAX_LISTED + " are listed (raise --threshold for fewer)");
        }
        Provenance.Builder prov = provenance(request, context, a);
        if (b != null) {
            prov.input("against", b.dataset().contentHash());
        }
        Provenance built = prov.build();
        int exactCount = exact;
        int nearCount = pairs.size() - exact;
        List<String> usedModels = models;
        double threshold = request.exactOnly() ? Double.NaN : request.threshold();
        String summary = NAME + " " + dsA.name() + (dsB == null ? "" : " vs " + dsB.name()) + ": " + exactCount + " exact, " + nearCount
                + " near duplicates with different labels";
        return store(ConflictsResult.KIND, id -> new ConflictsResult(id, ConflictsResult.KIND, dsA, dsB, usedModels, threshold,
                exactCount, nearCount, perLabelPair, listed, notes, built), summary, dsA, usedModels, context, Map.of());
    }

    private static List<String> texts(DiagnosedData data) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < data.examples().size(); i++) {
            out.add(data.text(i));
        }
        return out;
    }

    private static List<String> labels(DiagnosedData data) {
        DiagnosedDataset ds = data.describe();
        List<String> out = new ArrayList<>();
        for (int c : data.classes()) {
            out.add(ds.label(c));
        }
        return out;
    }
}
