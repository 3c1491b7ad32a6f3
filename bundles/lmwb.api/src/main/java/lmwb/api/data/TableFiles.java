package lmwb.api.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads tabular files (CSV, TSV by extension) with the datasets bundle's one table reader. */
@org.osgi.annotation.versioning.ProviderType
public interface TableFiles {
    /**
     * @param file a CSV or TSV file with a header row (UTF-8)
     * @return its columns and cells as text
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it is not a well-formed table (one line naming the file and line)
     */
    TextTable read(Path file) throws IOException;

    /**
     * @param file a path
     * @return whether {@link #read} takes it (by extension: {@code .csv}, {@code .tsv})
     */
    static boolean isTable(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".tsv");
    }
}
