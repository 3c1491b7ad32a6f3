package lmwb.ranker;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import java.nio.file.Path;
import java.time.Instant;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.RankingResult;

/**
 * The JSON document of a ranking, shared by the stored {@code result.json} and {@code lmwb rank --json}:
 * snake_case keys; per estimator a {@code ranking} array whose entries hold {@code rank}, {@code model},
 * {@code score}, {@code best_layer} ({@code null} when no layer got a finite score), {@code layer_scores} (layer index → score, −1 = last layer),
 * {@code layer_mean_score}, {@code embed_seconds}, {@code score_seconds}, {@code from_cache}; the first
 * estimator's ranking is repeated at the top level as {@code ranking} for convenience.
 */
final class RankingJson {
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .registerTypeHierarchyAdapter(Path.class, (JsonSerializer<Path>) (p, t, c) -> new JsonPrimitive(p.toString()))
            .registerTypeAdapter(Instant.class, (JsonSerializer<Instant>) (i, t, c) -> new JsonPrimitive(i.toString()))
            .create();
    /** Writes trees as they are: an explicit {@code null} (a missing best layer) stays in the document. */
    private static final Gson WRITER = GSON.newBuilder().serializeNulls().create();
    private static final Gson PRETTY = WRITER.newBuilder().setPrettyPrinting().create();

    private RankingJson() {
    }

    static JsonObject of(RankingResult r) {
        JsonObject o = new JsonObject();
        JsonObject ds = new JsonObject();
        ds.addProperty("name", r.dataset());
        ds.addProperty("hash", r.datasetHash());
        ds.addProperty("task", r.taskType());
        ds.addProperty("samples", r.samples());
        o.add("dataset", ds);
        o.addProperty("aggregation", r.aggregation().displayName());
        JsonArray estimators = new JsonArray();
        for (EstimatorRanking er : r.rankings()) {
            JsonObject e = new JsonObject();
            e.addProperty("estimator", er.estimator());
            e.add("ranking", ranking(er));
            e.add("validation", GSON.toJsonTree(er.validation()));
            estimators.add(e);
        }
        o.add("estimators", estimators);
        if (!r.rankings().isEmpty()) {
            o.addProperty("estimator", r.rankings().get(0).estimator());
            o.add("ranking", ranking(r.rankings().get(0)));
        }
        if (r.probe() != null && !r.probe().isEmpty()) {
            o.add("probe_scores", GSON.toJsonTree(r.probe()));
        }
        o.add("notes", GSON.toJsonTree(r.notes()));
        o.addProperty("total_seconds", r.totalSeconds());
        o.add("provenance", GSON.toJsonTree(r.provenance()));
        return o;
    }

    private static JsonArray ranking(EstimatorRanking er) {
        JsonArray a = new JsonArray();
        int rank = 1;
        for (ModelScore m : er.models()) {
            JsonObject e = GSON.toJsonTree(m).getAsJsonObject();
            JsonObject withRank = new JsonObject();
            withRank.addProperty("rank", rank++);
            e.entrySet().forEach(x -> withRank.add(x.getKey(), x.getValue()));
            if (!m.hasBestLayer()) {
                withRank.add("best_layer", JsonNull.INSTANCE);
            }
            a.add(withRank);
        }
        return a;
    }

    static String compact(JsonElement e) {
        return WRITER.toJson(e);
    }

    static String pretty(JsonElement e) {
        return PRETTY.toJson(e);
    }
}
