package lmwb.api.rank;

import java.io.IOException;
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
}
