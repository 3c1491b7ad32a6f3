package lmwb.api.results;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A result kept in the result store.
 *
 * @param id its id
 * @param kind e.g. {@code ranking}
 * @param created when it was stored
 * @param user who produced it
 * @param summary one line: dataset, models, winner
 * @param dataset the dataset, or {@code null}
 * @param models the models it used
 * @param estimators the estimators it used
 * @param jobId the job that produced it, or {@code null}
 * @param directory its folder (document, plots, other files)
 */
public record StoredResult(String id, String kind, Instant created, String user, String summary, String dataset,
        List<String> models, List<String> estimators, Long jobId, Path directory) {
    /** Freezes the lists. */
    public StoredResult {
        models = models == null ? List.of() : List.copyOf(models);
        estimators = estimators == null ? List.of() : List.copyOf(estimators);
    }
}
