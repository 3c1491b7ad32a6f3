package lmwb.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelSource;
import lmwb.common.config.ComponentConfig;
import lmwb.encoders.forward.BertFamilyModelProvider;
import lmwb.encoders.service.DiskEmbeddingCache;
import lmwb.encoders.service.WorkbenchEmbeddingService;

/**
 * The encoders bundle's embedding service for the training tests, built through its one Declarative
 * Services constructor with its configuration and bound as DS binds it.
 */
final class EncoderWiring {
    private EncoderWiring() {
    }

    /**
     * @param sources the model sources (bound with ranking 0, in this order)
     * @param cacheRoot the embedding cache's folder, or {@code null} for the default
     * @return an embedding service over those sources with the on-disk cache
     */
    static EmbeddingService embeddings(List<ModelSource> sources, Path cacheRoot) {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(new DiskEmbeddingCache(ComponentConfig.of(
                DiskEmbeddingCache.Config.class, cacheRoot == null ? Map.of() : Map.of("folder", cacheRoot.toString()))));
        sources.forEach(s -> service.addSource(s, Map.of()));
        service.addProvider(new BertFamilyModelProvider());
        return service;
    }
}
