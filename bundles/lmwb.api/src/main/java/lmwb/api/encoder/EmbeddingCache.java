package lmwb.api.encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The on-disk embedding cache: {@link LayerEmbeddings} stored by a key that identifies the model weights,
 * the inputs and every option that changes the vectors, so a repeated request costs no forward pass.
 * Entries are written atomically; a killed run never leaves a half entry behind.
 */
@org.osgi.annotation.versioning.ProviderType
public interface EmbeddingCache {

    /**
     * One stored entry, for listings.
     *
     * @param key the entry's key
     * @param model the model reference it was computed with
     * @param modelHash the model weights' content hash
     * @param datasetHash the dataset's content hash
     * @param layers the stored layers (absolute numbers), plus {@code mean} when the layer mean is stored
     * @param pooling sub-word and sentence pooling, e.g. {@code mean/mean}
     * @param rows rows per matrix
     * @param cols columns per matrix
     * @param bytes size on disk
     * @param created when it was written
     */
    record Entry(String key, String model, String modelHash, String datasetHash, String layers, String pooling, int rows,
            int cols, long bytes, Instant created) {
    }

    /** @return the folder holding the entries */
    Path location();

    /**
     * @param key an entry key
     * @return the stored embeddings (flagged {@code fromCache}), or empty when there is no complete entry
     * @throws IOException when an entry exists but cannot be read
     */
    Optional<LayerEmbeddings> get(String key) throws IOException;

    /**
     * Stores embeddings atomically, replacing an entry with the same key.
     *
     * @param key the entry key
     * @param model the model reference
     * @param datasetHash the dataset's content hash
     * @param embeddings the embeddings
     * @throws IOException when writing fails
     */
    void put(String key, String model, String datasetHash, LayerEmbeddings embeddings) throws IOException;

    /**
     * @return every complete entry, newest first
     * @throws IOException when the folder cannot be listed
     */
    List<Entry> entries() throws IOException;

    /**
     * Deletes every entry.
     *
     * @return the number of bytes freed
     * @throws IOException when an entry cannot be deleted
     */
    long clear() throws IOException;
}
