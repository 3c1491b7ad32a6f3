package lmwb.encoders.service;

import java.nio.file.Path;
import java.util.Map;
import lmwb.api.encoder.ModelSource;
import lmwb.common.config.ComponentConfig;
import lmwb.encoders.forward.BertFamilyModelProvider;

/** Builds the service components through their one constructor and binds them as Declarative Services does. */
final class Wiring {
    private Wiring() {
    }

    /** @return an embedding cache in {@code folder} */
    static DiskEmbeddingCache cache(Path folder) {
        return new DiskEmbeddingCache(ComponentConfig.of(DiskEmbeddingCache.Config.class,
                Map.of("folder", folder.toString())));
    }

    /** @return an embedding service over {@code cache} and {@code source} (ranking 0) with the BERT-family encoder */
    static WorkbenchEmbeddingService embeddings(DiskEmbeddingCache cache, ModelSource source) {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(cache);
        service.addSource(source, Map.of());
        service.addProvider(new BertFamilyModelProvider());
        return service;
    }
}
