package lmwb.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lmwb.api.results.ResultMetadata;

/**
 * The metadata of a result folder that has no row: one written by the file-only store of earlier versions
 * ({@code id}, {@code kind}, {@code created}, {@code summary} and the ranking's own keys), or one this store
 * renamed into place just before a kill (the full document, with {@code user}). What the document does not say is
 * left empty rather than guessed: the user is {@code local} (earlier versions had no users).
 *
 * @param kind the result kind
 * @param created when it was stored
 * @param metadata the indexed metadata
 */
record LegacyDocument(String kind, Instant created, ResultMetadata metadata) {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    static LegacyDocument read(String id, JsonObject doc) {
        String kind = text(doc, "kind");
        if (kind == null || kind.isBlank()) {
            kind = kindFromId(id);
        }
        Instant created = created(id, text(doc, "created"));
        String summary = text(doc, "summary");
        String dataset = null;
        JsonElement ds = doc.get("dataset");
        if (ds != null && ds.isJsonPrimitive()) {
            dataset = ds.getAsString();
        } else if (ds != null && ds.isJsonObject()) {
            dataset = text(ds.getAsJsonObject(), "name");
        }
        Set<String> models = new LinkedHashSet<>();
        Set<String> estimators = new LinkedHashSet<>();
        strings(doc.get("models"), models);
        modelsOf(doc.get("ranking"), models);
        String estimator = text(doc, "estimator");
        if (estimator != null) {
            estimators.add(estimator);
        }
        JsonElement all = doc.get("estimators");
        if (all != null && all.isJsonArray()) {
            for (JsonElement e : all.getAsJsonArray()) {
                if (e.isJsonPrimitive()) {
                    estimators.add(e.getAsString());
                } else if (e.isJsonObject()) {
                    String name = text(e.getAsJsonObject(), "estimator");
                    if (name != null) {
                        estimators.add(name);
                    }
                    modelsOf(e.getAsJsonObject().get("ranking"), models);
                }
            }
        }
        Long jobId = doc.has("job_id") && doc.get("job_id").isJsonPrimitive() ? doc.get("job_id").getAsLong() : null;
        ResultMetadata m = new ResultMetadata(summary == null ? "" : summary, text(doc, "user"), dataset,
                new ArrayList<>(models), new ArrayList<>(estimators), jobId);
        return new LegacyDocument(kind, created, m);
    }

    private static void modelsOf(JsonElement ranking, Set<String> into) {
        if (ranking != null && ranking.isJsonArray()) {
            for (JsonElement e : ranking.getAsJsonArray()) {
                if (e.isJsonObject()) {
                    String m = text(e.getAsJsonObject(), "model");
                    if (m != null) {
                        into.add(m);
                    }
                }
            }
        }
    }

    private static void strings(JsonElement e, Set<String> into) {
        if (e != null && e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                if (x.isJsonPrimitive()) {
                    into.add(x.getAsString());
                }
            }
        }
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** The kind from an id of the form {@code yyyyMMdd-HHmmss-KIND-hex}, or {@code unknown}. */
    private static String kindFromId(String id) {
        String[] parts = id.split("-");
        return parts.length >= 4 ? String.join("-", List.of(parts).subList(2, parts.length - 1)) : "unknown";
    }

    private static Instant created(String id, String text) {
        if (text != null) {
            try {
                return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e) {
                // fall through to the id's time
            }
        }
        try {
            return LocalDateTime.parse(id.substring(0, 15), ID_TIME).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
