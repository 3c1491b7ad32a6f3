package lmwb.api.data;

import java.io.IOException;
import java.util.List;
import lmwb.api.ProgressListener;

/**
 * The workbench's view over every registered {@link DatasetProvider}: lists all datasets and resolves a
 * name or path to a dataset, with downsampling applied.
 */
@org.osgi.annotation.versioning.ProviderType
public interface DatasetCatalog {
    /** @return every dataset available by name, from every provider */
    List<DatasetDescriptor> list();

    /**
     * @param reference a catalogue name or a file path
     * @param options reading options
     * @param progress progress of fetching and parsing
     * @return the dataset
     * @throws IOException when it cannot be fetched or read
     * @throws IllegalArgumentException when the reference is unknown (the message lists candidates) or malformed
     */
    Dataset load(String reference, DatasetOptions options, ProgressListener progress) throws IOException;

    /** @return the name of the dataset the main job uses by default */
    String defaultDataset();

    /**
     * @param dataset a dataset from {@link #list()}
     * @return whether it is on disk already; empty when its provider cannot say
     * @since 1.2
     */
    default java.util.Optional<Boolean> isLocal(DatasetDescriptor dataset) {
        return java.util.Optional.empty();
    }
}
