package lmwb.encoders;

import java.util.List;
import lmwb.api.LmwbHome;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelSource;

/**
 * The encoders bundle's services wired by hand for the measured training study outside a framework (the
 * constructors for tests are package-private, hence this class in the encoders' package on the test
 * class path; never part of the training bundle).
 */
public final class StudyServices {
    private StudyServices() {
    }

    /** @return the built-in model source with its defaults */
    public static ModelSource builtinModels() {
        return new BuiltinModelSource("mvn", "", 900, LmwbHome.resolve("models"));
    }

    /**
     * @param sources model sources
     * @param cacheRoot the embedding cache's folder
     * @return an embedding service with the on-disk cache there
     */
    public static EmbeddingService embeddings(List<ModelSource> sources, java.nio.file.Path cacheRoot) {
        return new WorkbenchEmbeddingService(new DiskEmbeddingCache(cacheRoot), sources,
                List.of(new BertFamilyModelProvider()));
    }

    /**
     * @param source the model source
     * @return an embedding service with the on-disk cache
     */
    public static EmbeddingService embeddings(ModelSource source) {
        return new WorkbenchEmbeddingService(new DiskEmbeddingCache(), List.of(source),
                List.of(new BertFamilyModelProvider()));
    }
}
