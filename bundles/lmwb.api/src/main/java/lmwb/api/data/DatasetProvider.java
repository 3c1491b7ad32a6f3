package lmwb.api.data;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import lmwb.api.ProgressListener;

/**
 * A source of datasets: a built-in catalogue, a file reader, a bundle with its own data. Registered as an
 * OSGi service; the workbench asks every provider in service-ranking order.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface DatasetProvider {
    /** Service property with the provider's name. */
    String NAME = "lmwb.dataset.provider";

    /** @return the provider's name, e.g. {@code builtin} or {@code files} */
    String name();

    /** @return the datasets this provider offers by name (may be empty for file readers) */
    List<DatasetDescriptor> catalogue();

    /**
     * Loads a dataset if this provider understands the reference.
     *
     * @param reference a catalogue name or a path
     * @param options how to read it
     * @param progress progress of fetching and parsing
     * @return the dataset, or empty when this provider does not handle {@code reference}
     * @throws IOException when the data cannot be fetched or read
     * @throws IllegalArgumentException when the data is malformed (message names file, line and problem)
     */
    Optional<Dataset> load(String reference, DatasetOptions options, ProgressListener progress) throws IOException;

    /**
     * @param name a name from {@link #catalogue()}
     * @return whether that dataset is on disk already; empty when this provider cannot say
     * @since 1.2
     */
    default Optional<Boolean> isLocal(String name) {
        return Optional.empty();
    }
}
