package lmwb.shell.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code models} and {@code cache}: listings for people and snake_case JSON. The services are small in-test
 * implementations of the API (the real ones are tested in lmwb.encoders and in the framework); only what the commands
 * do with their answers matters here.
 */
class ModelAndCacheCommandsTest {
    private static final EmbeddingService MODELS = new EmbeddingService() {
        @Override
        public List<ModelDescriptor> models() {
            return List.of(new ModelDescriptor("mini", "builtin", "a small model", 6, 384, 22_700_000L, true),
                    new ModelDescriptor("remote", "hf-hub", "not fetched", -1, -1, -1, false));
        }

        @Override
        public List<String> defaultModels() {
            return List.of("mini");
        }

        @Override
        public LanguageModel open(String reference, ModelOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LayerEmbeddings embed(String reference, EmbeddingRequest request, String datasetHash, ModelOptions options,
                ProgressListener progress, CancellationToken cancel) {
            throw new UnsupportedOperationException();
        }
    };

    /** A cache with entries in memory. */
    private static final class Entries implements EmbeddingCache {
        final List<Entry> entries = new ArrayList<>(List.of(new Entry("0123456789abcdef", "mini", "sha256:m", "sha256:d1234567890",
                "1-6,mean", "mean/mean", 10, 384, 2L * 1024 * 1024, Instant.parse("2026-12-01T00:00:00Z"))));

        @Override
        public Path location() {
            return Path.of("/cache");
        }

        @Override
        public Optional<LayerEmbeddings> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, String model, String datasetHash, LayerEmbeddings embeddings) {
        }

        @Override
        public List<Entry> entries() {
            return List.copyOf(entries);
        }

        @Override
        public long clear() {
            long bytes = entries.stream().mapToLong(Entry::bytes).sum();
            entries.clear();
            return bytes;
        }
    }

    @Test
    void modelsShowsDashesForUnknownSizesAndSnakeCaseJson() {
        ModelsCommand c = new ModelsCommand(MODELS);
        String table = c.models("");
        assertTrue(table.lines().anyMatch(l -> l.startsWith("mini ") && l.contains("22.7M") && l.contains(" yes ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("remote") && l.contains(" - ") && l.contains(" no ")), table);
        String json = c.models("true");
        assertTrue(json.contains("\"hidden_size\":384") && json.contains("\"is_default\":true"), json);
    }

    @Test
    void cacheListsAndClearsWithSnakeCaseJson() throws Exception {
        Entries cache = new Entries();
        CacheCommand c = new CacheCommand(cache);
        assertTrue(c.cache("", "true").contains("\"model_hash\":\"sha256:m\""));
        assertTrue(c.cache("", "").contains("mini"));
        assertEquals("{\"location\":\"/cache\",\"entries_removed\":1,\"bytes_freed\":2097152}", c.cache("true", "true"));
        assertEquals("the embedding cache at /cache is empty", c.cache("", ""));
    }
}
