package lmwb.api.rank;

import java.io.IOException;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/**
 * Ranks models and layers for a dataset: embeds the data once per model with every layer (through the
 * embedding cache), scores every layer and the layer mean with every requested estimator, ranks the models,
 * optionally validates against a linear probe, and stores the result with its provenance and a plot.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Ranker {
    /**
     * @param request what to rank
     * @param progress progress of loading, embedding and scoring
     * @param cancel checked between models, layers and batches
     * @return the stored result
     * @throws IOException when data or models cannot be read or the result cannot be stored
     * @throws IllegalArgumentException for unknown datasets, models or estimators (messages list candidates) and
     *     estimators that cannot score the task
     */
    RankingResult rank(RankingRequest request, ProgressListener progress, CancellationToken cancel) throws IOException;

    /**
     * Ranks as {@link #rank(RankingRequest, ProgressListener, CancellationToken)}, stored for the context's user
     * and job, with the provenance of {@code request}.
     *
     * @param request the capability's request
     * @param context who runs it, progress, cancellation
     * @return the stored result (kind {@code ranking}, or {@code validation} when the probe was trained)
     * @throws IOException when data or models cannot be read or the result cannot be stored
     * @since 1.2
     */
    RankResult rank(RankRequest request, lmwb.api.capability.RunContext context) throws IOException;

    /**
     * Estimator calls that ignored a cancellation: when a ranking is cancelled, the ranker waits a short grace
     * period for the running estimator call to return, then gives up on it and returns; a call still running
     * then is listed here until it finishes (it keeps a core busy, so front ends show it).
     *
     * @return the calls still running after their ranking was cancelled, oldest first
     * @since 1.1
     */
    default List<RunningEstimatorCall> runningAfterCancel() {
        return List.of();
    }
}
