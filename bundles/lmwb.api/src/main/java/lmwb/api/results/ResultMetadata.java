package lmwb.api.results;

import java.util.List;
import java.util.Objects;

/**
 * What the result store indexes about a result.
 *
 * @param summary one line for listings: dataset, models, winner
 * @param user who produced it ({@code local} for a local command line)
 * @param dataset the dataset's name or file, or {@code null}
 * @param models the models it used or ranked (for {@code ?model=})
 * @param estimators the estimators it used (for {@code ?estimator=})
 * @param jobId the job that produced it, or {@code null}
 */
public record ResultMetadata(String summary, String user, String dataset, List<String> models,
        List<String> estimators, Long jobId) {
    /** Checks and freezes. */
    public ResultMetadata {
        Objects.requireNonNull(summary, "summary");
        user = user == null || user.isBlank() ? lmwb.api.capability.RunContext.LOCAL_USER : user;
        models = models == null ? List.of() : List.copyOf(models);
        estimators = estimators == null ? List.of() : List.copyOf(estimators);
    }
}
