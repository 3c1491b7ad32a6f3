package lmwb.api.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Holds every result lmwb produces. Writers {@link #begin(String) begin} a result, write its files into the
 * staging folder, and {@link PendingResult#commit commit} it with its document and metadata; readers list, query
 * and open results by id.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ResultStore {
    /** The file every result folder holds: the result's JSON document. */
    String DOCUMENT = "result.json";

    /**
     * Starts a result: a fresh id and an empty staging folder on the store's file system.
     *
     * @param kind the result kind, e.g. {@code ranking}
     * @return the pending result; close it without committing to discard it
     * @throws IOException when the staging folder cannot be made
     */
    PendingResult begin(String kind) throws IOException;

    /**
     * Stores a result whose files are small enough to hold in memory (plots, small tables).
     *
     * @param kind the result kind
     * @param metadata what listings and queries show
     * @param document the result's JSON document (an object)
     * @param files file name → content, written beside the document
     * @return the stored result
     * @throws IOException when it cannot be written (nothing is left behind)
     */
    default StoredResult save(String kind, ResultMetadata metadata, String document, Map<String, byte[]> files)
            throws IOException {
        try (PendingResult pending = begin(kind)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                java.nio.file.Files.write(pending.file(f.getKey()), f.getValue());
            }
            return pending.commit(metadata, document);
        }
    }

    /**
     * @param query filters, page size and cursor
     * @return one page of results, newest first
     * @throws IOException when the store cannot be read
     */
    ResultPage query(ResultQuery query) throws IOException;

    /**
     * @param id a result id or a unique prefix of one
     * @return the result, if present
     * @throws IOException when the store cannot be read
     * @throws IllegalArgumentException when the prefix is ambiguous (the message lists matches)
     */
    Optional<StoredResult> find(String id) throws IOException;

    /**
     * @param id a result id or a unique prefix
     * @return the result's JSON document: the capability's result plus {@code id}, {@code kind}, {@code created},
     *     {@code user} and {@code summary}
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when there is no such result (one line that says to run {@code results})
     */
    String document(String id) throws IOException;

    /**
     * @param id a result id or a unique prefix
     * @param name a file name of the result, e.g. {@code layer-scores.svg}
     * @return the file, inside the result's folder
     * @throws IllegalArgumentException when the name would leave the result's folder, or there is no such result
     * @throws java.nio.file.NoSuchFileException when the result has no such file
     * @throws IOException when the store cannot be read
     */
    Path file(String id, String name) throws IOException;

    /** A result being written. */
    interface PendingResult extends AutoCloseable {
        /** @return the id the result will have */
        String id();

        /** @return the staging folder: write the result's files here (same file system as the store) */
        Path directory();

        /**
         * @param name a plain file name (sub-folders allowed, nothing that leaves the folder)
         * @return where to write it in the staging folder
         * @throws IllegalArgumentException for a name that would leave the folder
         */
        Path file(String name);

        /**
         * Makes the result visible in one step.
         *
         * @param metadata what listings and queries show
         * @param document the result's JSON document (an object)
         * @return the stored result
         * @throws IOException when it cannot be committed (nothing is left behind)
         */
        StoredResult commit(ResultMetadata metadata, String document) throws IOException;

        /** Discards the staging folder unless the result was committed. */
        @Override
        void close();
    }
}
