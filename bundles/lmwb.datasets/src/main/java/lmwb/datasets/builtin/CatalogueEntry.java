package lmwb.datasets.builtin;

import java.io.IOException;
import java.nio.file.Path;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;

/** One dataset of the built-in catalogue: where it comes from, which files it needs, how to parse them. */
interface CatalogueEntry {
    /** @return the name users type */
    String name();

    /** @return its task type */
    TaskType taskType();

    /** @return one line: what it is, size, licence */
    String description();

    /** @return the pinned package holding it */
    PackageSource source();

    /**
     * @param entry an archive entry name, e.g. {@code package/reviews.json}
     * @return whether the entry is needed (it is extracted under the dataset's directory)
     */
    boolean wants(String entry);

    /**
     * @param dir the directory holding the extracted entries
     * @return the dataset, cleaned, labelled and hashed
     * @throws IOException when a file cannot be read
     */
    Dataset parse(Path dir) throws IOException;
}
