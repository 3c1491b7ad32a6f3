package lmwb.shell.core;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.analysis.PruneResult;
import lmwb.api.analysis.SimilarityResult;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.data.DatasetInfo;
import lmwb.api.data.DatasetList;
import lmwb.api.encoder.EmbedResult;
import lmwb.api.estimator.EstimateResult;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.diagnostics.ConflictsResult;
import lmwb.api.diagnostics.DifficultyResult;
import lmwb.api.diagnostics.DivergenceResult;
import lmwb.api.diagnostics.LabelIssuesResult;
import lmwb.api.rank.RankResult;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.training.PredictionResult;
import lmwb.api.training.TrainingResult;
import lmwb.common.json.Json;
import lmwb.shell.Render;
import lmwb.shell.dataset.DatasetCommand;
import lmwb.shell.dataset.DatasetsCommand;
import lmwb.shell.estimate.EstimateCommand;
import lmwb.shell.model.EmbedCommand;
import lmwb.shell.modelvectors.ModelVectorView;
import lmwb.shell.diagnostics.DiagnosticViews;
import lmwb.shell.rank.RankView;
import lmwb.shell.redundancy.RedundancyView;
import lmwb.shell.training.TrainingView;

/**
 * The one renderer of results, and the one place where each result kind's table is registered: a kind's view
 * renders the typed result (decoded from the stored document for {@code results ID}); {@code --json} is the
 * stored document itself, so {@code rank --json} and {@code results ID --json} print the same text. A kind with
 * no view is shown as indented JSON.
 */
public final class Views {
    /**
     * A table for one result type.
     *
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface View<R extends CapabilityResult> {
        /**
         * @param result the typed result
         * @param stored where it is stored, or {@code null} for a result that is not stored
         * @return the text for people
         */
        String table(R result, StoredResult stored);
    }

    private record Entry<R extends CapabilityResult>(Class<R> type, View<R> view) {
        @SuppressWarnings("unchecked")
        String table(CapabilityResult r, StoredResult stored) {
            return view.table((R) r, stored);
        }
    }

    private static final Map<String, Entry<?>> BY_KIND = new LinkedHashMap<>();

    static {
        register(RankResult.RANKING, RankResult.class, RankView::table);
        register(RankResult.VALIDATION, RankResult.class, RankView::table);
        register(EstimateResult.KIND, EstimateResult.class, EstimateCommand::table);
        register(EmbedResult.KIND, EmbedResult.class, EmbedCommand::table);
        register(DatasetInfo.KIND, DatasetInfo.class, DatasetCommand::table);
        register(DatasetList.KIND, DatasetList.class, DatasetsCommand::table);
        register(TrainingResult.KIND, TrainingResult.class, TrainingView::table);
        register(PredictionResult.KIND, PredictionResult.class, TrainingView::table);
        register(SimilarityResult.KIND, SimilarityResult.class, RedundancyView::table);
        register(ClustersResult.KIND, ClustersResult.class, RedundancyView::table);
        register(PruneResult.KIND, PruneResult.class, RedundancyView::table);
        register(ModelVectorResult.KIND, ModelVectorResult.class, ModelVectorView::table);
        register(DeltaRankResult.KIND, DeltaRankResult.class, ModelVectorView::table);
        register(LabelIssuesResult.KIND, LabelIssuesResult.class, DiagnosticViews::labelIssues);
        register(DifficultyResult.KIND, DifficultyResult.class, DiagnosticViews::difficulty);
        register(DivergenceResult.KIND, DivergenceResult.class, DiagnosticViews::divergence);
        register(ConflictsResult.KIND, ConflictsResult.class, DiagnosticViews::conflicts);
        register(CartographyResult.KIND, CartographyResult.class, DiagnosticViews::cartography);
    }

    private Views() {
    }

    private static <R extends CapabilityResult> void register(String kind, Class<R> type, View<R> view) {
        BY_KIND.put(kind, new Entry<>(type, view));
    }

    /**
     * @param store the result store
     * @param result a capability's result
     * @return its stored document on one line, or for a result that is not stored its JSON
     * @throws IOException when the store cannot be read
     */
    public static String json(ResultStore store, CapabilityResult result) throws IOException {
        if (result.resultId() == null) {
            return Json.COMPACT_WITH_NULLS.toJson(result);
        }
        return document(store, result.resultId());
    }

    /**
     * @param store the result store
     * @param id a result id or unique prefix
     * @return its stored document on one line (what {@code --json} prints)
     * @throws IOException when the store cannot be read
     */
    public static String document(ResultStore store, String id) throws IOException {
        return Json.COMPACT_WITH_NULLS.toJson(JsonParser.parseString(store.document(id)));
    }

    /**
     * @param store the result store
     * @param result a capability's result
     * @return its table
     * @throws IOException when the store cannot be read
     */
    public static String table(ResultStore store, CapabilityResult result) throws IOException {
        StoredResult stored = result.resultId() == null ? null : store.find(result.resultId()).orElse(null);
        Entry<?> e = BY_KIND.get(result.kind());
        return e == null || !e.type().isInstance(result) ? Render.prettyJson(result) : e.table(result, stored);
    }

    /**
     * @param store the result store
     * @param stored a stored result
     * @return its table, from its document decoded as its kind's result type
     * @throws IOException when the store cannot be read
     */
    public static String table(ResultStore store, StoredResult stored) throws IOException {
        String doc = store.document(stored.id());
        Entry<?> e = BY_KIND.get(stored.kind());
        if (e == null) {
            return Json.PRETTY_WITH_NULLS.toJson(JsonParser.parseString(doc));
        }
        return e.table(Json.COMPACT.fromJson(doc, e.type()), stored);
    }

    /**
     * @param kind a result kind
     * @return the result type registered for it
     */
    public static Optional<Class<? extends CapabilityResult>> type(String kind) {
        return Optional.ofNullable(BY_KIND.get(kind)).map(Entry::type);
    }
}
