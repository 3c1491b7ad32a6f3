package lmwb.analysis.redundancy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lmwb.api.capability.RunContext;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;

/** Stores an analysis: its plots in the staging folder, then its typed result (with its id) as the document. */
final class AnalysisResults {
    private AnalysisResults() {
    }

    /**
     * @param <R> the result type
     * @param store the result store
     * @param kind the result kind
     * @param computed the result, its plots and summary
     * @param withId the result with the store's id
     * @param dataset the dataset name
     * @param models the models
     * @param context who ran it
     * @return the stored result
     * @throws IOException when it cannot be stored (nothing is left behind)
     */
    static <R> R store(ResultStore store, String kind, RedundancyAnalyses.Computed<R> computed, Function<String, R> withId,
            String dataset, List<String> models, RunContext context) throws IOException {
        try (ResultStore.PendingResult pending = store.begin(kind)) {
            for (Map.Entry<String, byte[]> f : computed.files().entrySet()) {
                Files.write(pending.file(f.getKey()), f.getValue());
            }
            R result = withId.apply(pending.id());
            pending.commit(new ResultMetadata(computed.summary(), context.user(), dataset, models, List.of(),
                    context.jobId()), Json.COMPACT.toJson(result));
            return result;
        }
    }
}
