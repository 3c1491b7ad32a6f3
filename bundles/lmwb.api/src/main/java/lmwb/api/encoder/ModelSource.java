package lmwb.api.encoder;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;

/**
 * Resolves model references to files: built-in models, Hugging Face directories, the hub cache, a hub
 * download. Registered as an OSGi service; the workbench's {@link EmbeddingService#resolve(String, ProgressListener)},
 * the one resolution path, asks sources in {@code service.ranking} order, higher first.
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
}
