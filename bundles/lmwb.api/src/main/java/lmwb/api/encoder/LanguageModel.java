package lmwb.api.encoder;

import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/**
 * An opened pretrained encoder. Closing it frees its native memory. Instances are not required to be
 * thread-safe.
 */
@org.osgi.annotation.versioning.ProviderType
public interface LanguageModel extends AutoCloseable {
    /** @return what this model is */
    ModelInfo info();

    /**
     * Embeds the request's inputs with every requested layer.
     *
     * @param request inputs, layers, pooling, batch size
     * @param progress progress in sentences
     * @param cancel checked between batches
     * @return the per-layer matrices
     * @throws IllegalArgumentException for invalid requests (unknown layer, empty input)
     */
    LayerEmbeddings embed(EmbeddingRequest request, ProgressListener progress, CancellationToken cancel);

    /** Frees the model's resources. */
    @Override
    void close();
}
