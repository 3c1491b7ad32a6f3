package lmwb.api.encoder;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * The one way a model reference becomes files: the {@link ModelSource}s are asked in service-ranking
     * order (higher first) and the first that handles the reference answers. Bundles that need a model's
     * files (training, model vectors) resolve through here rather than asking sources themselves.
     *
     * @param reference a model reference (built-in name, folder, hub id, ...)
     * @param progress progress of fetching or extracting
     * @return the artifact
     * @throws IOException when the source that handles the reference cannot provide it
     * @throws IllegalArgumentException when no source handles it (the message lists the available models)
     * @throws UnsupportedOperationException from an implementation that does not resolve models (a test
     *     stand-in)
     * @since 1.2
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

    /**
     * Fills the cache with the entries of several models' requests on one dataset in one run of the engine, before a
     * command reads them one by one with {@link #embed}: an engine with a fixed cost per run (Spark: a driver JVM, an
     * application and its executors) pays it once per command instead of once per model. Entries already cached are
     * skipped. Each entry is written atomically; when the run fails, the entries it finished before are complete
     * and stay, the others are not written. The in-process engine embeds a model when {@link #embed} asks for it, so
     * for it (and by default) this does nothing.
     *
     * @param requests what to embed, by model reference, in the order the command uses them
     * @param datasetHash content hash of the inputs' dataset (part of the cache key); {@code null} does nothing
     * @param options where and how to embed ({@link ModelOptions#sparkMaster()})
     * @param progress progress of resolving and embedding
     * @param cancel stops the run
     * @return the references whose entries this call embedded (a command reports those as embedded, not cached)
     * @throws IOException when a model cannot be resolved or the run fails
     * @since 2.1
     */
    default Set<String> embedAll(Map<String, EmbeddingRequest> requests, String datasetHash, ModelOptions options,
            ProgressListener progress, CancellationToken cancel) throws IOException {
        return Set.of();
    }
}
