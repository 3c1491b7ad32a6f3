package lmwb.api.encoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;

/**
 * Resolves model references to files: built-in models, Hugging Face directories, the hub cache, a hub
 * download. Registered as an OSGi service; the workbench asks sources in service-ranking order.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ModelSource {
    /** Service property with the source's name. */
    String NAME = "lmwb.model.source";

    /** @return the source's name, e.g. {@code builtin} */
    String name();

    /** @return the models this source can provide without the user naming a path */
    List<ModelDescriptor> available();

    /**
     * @param reference a name, path or hub id
     * @param progress progress of fetching or extracting
     * @return the artifact, or empty when this source does not handle {@code reference}
     * @throws IOException when the model is this source's but cannot be fetched or read
     */
    Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException;

    /**
     * Asks {@code sources} in turn, the built-in source first, and returns the first artifact.
     *
     * @deprecated a second resolution path that orders sources by the name {@code builtin} instead of their
     *     {@code service.ranking}; resolve through {@link EmbeddingService#resolve(String, ProgressListener)},
     *     the one path. Removed once its last callers (the training bundle's {@code Models.resolve} and the
     *     model-vector {@code DeltaLoader.resolve}) have switched.
     *
     * @param sources the sources
     * @param reference a model reference
     * @param progress progress of fetching
     * @param otherwise what else the user could name, appended to the "unknown model" message
     * @return the artifact
     * @throws IOException when the source that handles {@code reference} fails
     * @throws IllegalArgumentException when no source handles it; the message lists the available models
     */
    @Deprecated(forRemoval = true)
    static ModelArtifact resolveFirst(List<ModelSource> sources, String reference, ProgressListener progress,
            String otherwise) throws IOException {
        List<ModelSource> ordered = new ArrayList<>(sources);
        ordered.sort((a, b) -> Boolean.compare(!"builtin".equals(a.name()), !"builtin".equals(b.name())));
        for (ModelSource s : ordered) {
            Optional<ModelArtifact> a = s.resolve(reference, progress);
            if (a.isPresent()) {
                return a.get();
            }
        }
        List<String> names = new ArrayList<>();
        ordered.forEach(s -> s.available().forEach(d -> names.add(d.reference())));
        throw new IllegalArgumentException("unknown model '" + reference + "'; available: " + String.join(", ", names)
                + " (" + otherwise + ")");
    }
}
