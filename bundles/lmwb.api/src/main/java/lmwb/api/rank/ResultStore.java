package lmwb.api.rank;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Results (rankings, validations, and later trainings and analyses) as JSON plus files under
 * {@code LMWB_HOME/results/<id>}, shared by the shell and other front ends.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ResultStore {
    /**
     * @return every stored result, newest first
     * @throws IOException when the store cannot be read
     */
    List<StoredResult> list() throws IOException;

    /**
     * @param id a result id or a unique prefix of one
     * @return the result's summary, if present
     * @throws IOException when the store cannot be read
     * @throws IllegalArgumentException when the prefix is ambiguous (message lists matches)
     */
    Optional<StoredResult> find(String id) throws IOException;

    /**
     * @param id a result id
     * @return the result's JSON document
     * @throws IOException when it cannot be read
     */
    String json(String id) throws IOException;

    /**
     * Stores a new result atomically (a killed run never leaves half a result behind).
     *
     * @param kind e.g. {@code ranking}
     * @param summary one line for listings
     * @param json the result document; a top-level {@code "id"} member set to {@code "@id"} is replaced by the
     *     new id
     * @param files further files to store beside {@code result.json}, by file name (plots)
     * @return the stored result
     * @throws IOException when it cannot be written
     */
    StoredResult save(String kind, String summary, String json, java.util.Map<String, byte[]> files) throws IOException;
}
