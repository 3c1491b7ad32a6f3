package lmwb.diagnostics.core;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;

/** Stores a diagnostic's result: its document (the result's JSON) and its files, committed in one step. */
public final class StoredDiagnostics {
    private StoredDiagnostics() {
    }

    /**
     * @param <R> the result type
     * @param store the result store
     * @param kind the result kind
     * @param withId builds the result given its id
     * @param metadata summary, user, dataset, models
     * @param files files stored beside the document, by name
     * @return the stored result
     * @throws IOException when the store fails
     */
    public static <R extends CapabilityResult> R store(ResultStore store, String kind, Function<String, R> withId,
            ResultMetadata metadata, Map<String, byte[]> files) throws IOException {
        try (ResultStore.PendingResult pending = store.begin(kind)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(pending.file(f.getKey()), f.getValue());
            }
            R result = withId.apply(pending.id());
            pending.commit(metadata, Json.COMPACT_WITH_NULLS.toJson(result));
            return result;
        }
    }
}
