package lmwb.api.encoder;

import java.io.IOException;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/**
 * The workbench's embedding entry point: resolves a model reference through the {@link ModelSource}s,
 * opens it with a matching {@link LanguageModelProvider}, and embeds through the on-disk embedding cache,
 * so a second identical request costs no forward pass.
 */
@org.osgi.annotation.versioning.ProviderType
public interface EmbeddingService {
    /** @return every model available from every source */
    List<ModelDescriptor> models();

    /** @return the references of the built-in models the main job uses by default */
    List<String> defaultModels();

    /**
     * Resolves a model reference through the one model-resolution path: the built-in source first, then every
     * {@link ModelSource} by {@code service.ranking}, higher first. Training, prediction and the weight analyses
     * resolve models here, so that every capability finds the same model for the same name.
     *
     * @param reference a model reference
     * @param progress progress of fetching or extracting
     * @return the artifact of the first source that knows the reference
     * @throws IOException when a source knows it but cannot provide it
     * @throws IllegalArgumentException when no source knows it (the message lists the available models)
     */
    default ModelArtifact resolve(String reference, ProgressListener progress) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not resolve model references");
    }

    /**
     * @param reference a model reference
     * @param options device and dropout
     * @return the opened model; the caller closes it
     * @throws IOException when it cannot be resolved or read
     * @throws IllegalArgumentException when the reference is unknown (message lists candidates)
     */
    LanguageModel open(String reference, ModelOptions options) throws IOException;

    /**
     * Embeds through the cache.
     *
     * @param reference a model reference
     * @param request what to embed
     * @param datasetHash content hash of the inputs' dataset (part of the cache key), or {@code null} to
     *     bypass the cache
     * @param options device and dropout
     * @param progress progress of resolving and embedding
     * @param cancel checked between batches
     * @return the embeddings
     * @throws IOException when the model cannot be resolved or the cache cannot be written
     */
    LayerEmbeddings embed(String reference, EmbeddingRequest request, String datasetHash, ModelOptions options,
            ProgressListener progress, CancellationToken cancel) throws IOException;
}
