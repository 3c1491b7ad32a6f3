package lmwb.api.encoder;

import java.io.IOException;
import java.util.Set;

/**
 * Opens model artifacts of the architectures it supports. Registered as an OSGi service, so a new model
 * type is a new bundle.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface LanguageModelProvider {
    /** @return the provider's name */
    String name();

    /** @return the {@code model_type} values it opens, e.g. {@code bert}, {@code roberta} */
    Set<String> modelTypes();

    /**
     * @param artifact the files
     * @param options device and dropout
     * @return the opened model
     * @throws IOException when the files cannot be read or are corrupt
     * @throws IllegalArgumentException when the architecture is not supported (message lists the supported ones)
     */
    LanguageModel open(ModelArtifact artifact, ModelOptions options) throws IOException;
}
