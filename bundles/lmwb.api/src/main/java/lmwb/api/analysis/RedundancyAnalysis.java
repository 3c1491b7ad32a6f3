package lmwb.api.analysis;

import java.io.IOException;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/**
 * Redundancy in pretrained transformers (Dalvi et al., EMNLP 2020): how similar the layers are, how many
 * neurons are near-copies of others, and how few layers and neurons a task needs. Every call embeds through
 * the embedding cache, stores its result in the result store and returns it.
 *
 * <p>Options ({@link AnalysisRequest#options()}):
 * <ul>
 * <li>similarity: {@code measure} = {@code cka} (linear CKA, default) or {@code cka-debiased} (unbiased
 * HSIC).</li>
 * <li>clusters: {@code thresholds} = comma list of distance cuts (default {@code 0.1,...,0.9}).</li>
 * <li>prune: {@code ls} = LayerSelector thresholds in % (default {@code 3,2,1}), {@code fs} = feature
 * selection threshold in % (default {@code 1}), {@code cluster} = clustering threshold (default
 * {@code 0.3}, {@code -1} for none), {@code ranker} = a {@link NeuronRanker} name (default
 * {@code weight-mass}), {@code epochs} (default 10).</li>
 * </ul>
 */
@org.osgi.annotation.versioning.ProviderType
public interface RedundancyAnalysis {
    /**
     * The (L+1)×(L+1) layer-similarity matrix of each model and, with several models, the cross-model
     * matrices, with heatmaps.
     *
     * @param request models, dataset, samples and options
     * @param progress progress of embedding and computing
     * @param cancel checked between units of work
     * @return the stored result
     * @throws IOException when data or models cannot be read or the result cannot be stored
     */
    AnalysisResult similarity(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;

    /**
     * Neuron correlation clustering of all layers' neurons of the first model: clusters and removable
     * share against the threshold, and the layer span of clusters.
     *
     * @param request model, dataset, samples and options
     * @param progress progress
     * @param cancel checked between units of work
     * @return the stored result
     * @throws IOException when data or models cannot be read or the result cannot be stored
     */
    AnalysisResult clusters(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;

    /**
     * The pruning pipeline on the first model: oracle, layer-wise and incremental probes, LayerSelector,
     * correlation clustering, neuron ranking and the minimal neuron set, with measured speed-ups.
     *
     * @param request model, dataset, samples and options
     * @param progress progress
     * @param cancel checked between units of work
     * @return the stored result
     * @throws IOException when data or models cannot be read or the result cannot be stored
     */
    AnalysisResult prune(AnalysisRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;
}
