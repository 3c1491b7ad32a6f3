package lmwb.api.analysis.modelvectors;

import java.io.IOException;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.analysis.AnalysisResult;

/**
 * Fine-tuned transformers as vectors derived from their weight changes ΔW = W_ft − W_base: model vectors with
 * a cluster evaluation by fine-tuning dataset, and how low-rank the changes are per parameter family and
 * depth. Results are stored in the result store.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ModelVectorAnalysis {
    /**
     * Model vectors, their same-dataset precision at k−1, kNN accuracy and silhouette against baselines, and
     * 2-D pictures (PCA, t-SNE).
     *
     * @param request what to compute
     * @param progress progress
     * @param cancel cancellation
     * @return the stored result (kind {@code modelvec})
     * @throws IOException when weights cannot be read
     */
    AnalysisResult vectors(ModelVectorRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;

    /**
     * Rank at energy τ of every ΔW, averaged over models per parameter family and layer, with a plot.
     *
     * @param request what to compute
     * @param progress progress
     * @param cancel cancellation
     * @return the stored result (kind {@code deltarank})
     * @throws IOException when weights cannot be read
     */
    AnalysisResult deltaRank(DeltaRankRequest request, ProgressListener progress, CancellationToken cancel)
            throws IOException;
}
