package lmwb.bench.training;

import java.util.List;
import java.util.Map;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.ModelSource;
import lmwb.common.config.ComponentConfig;
import lmwb.encoders.builtin.BuiltinModelSource;
import lmwb.encoders.forward.BertFamilyModelProvider;
import lmwb.encoders.service.DiskEmbeddingCache;
import lmwb.encoders.service.WorkbenchEmbeddingService;
import lmwb.encoders.spi.TrainableEncoderFactory;
import lmwb.training.CheckpointPredictor;
import lmwb.training.ConcatCombiner;
import lmwb.training.DmeCombiner;
import lmwb.training.MeanCombiner;
import lmwb.training.PairClassificationHead;
import lmwb.training.PairRegressionHead;
import lmwb.training.TextClassificationHead;
import lmwb.training.TextRegressionHead;
import lmwb.training.TokenTaggingHead;
import lmwb.training.TrainingService;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.TaskHead;

/**
 * The services the studies run on, each built through its one Declarative Services constructor with its
 * default configuration and bound as DS binds them in the default runtime.
 */
final class StudyServices {
    /** The task heads the training bundle registers. */
    static final List<TaskHead> HEADS = List.of(new TextClassificationHead(), new PairClassificationHead(),
            new TextRegressionHead(), new PairRegressionHead(), new TokenTaggingHead());
    /** The combiners the training bundle registers. */
    static final List<Combiner> COMBINERS = List.of(new ConcatCombiner(), new MeanCombiner(), new DmeCombiner());

    /** @return a training service with these heads and combiners bound, as DS binds them in the runtime */
    static TrainingService trainer(DatasetCatalog catalog, EmbeddingService embeddings, TrainableEncoderFactory factory,
            List<TaskHead> heads, List<Combiner> combiners) {
        TrainingService service = new TrainingService(catalog, embeddings, factory);
        heads.forEach(service::addHead);
        combiners.forEach(service::addCombiner);
        return service;
    }

    /** @return a checkpoint predictor with these heads and combiners bound, as DS binds them in the runtime */
    static CheckpointPredictor predictor(EmbeddingService embeddings, TrainableEncoderFactory factory,
            List<TaskHead> heads, List<Combiner> combiners) {
        CheckpointPredictor predictor = new CheckpointPredictor(embeddings, factory);
        heads.forEach(predictor::addHead);
        combiners.forEach(predictor::addCombiner);
        return predictor;
    }

    private StudyServices() {
    }

    /** @return the built-in model source with its defaults */
    static ModelSource builtinModels() {
        return new BuiltinModelSource(ComponentConfig.of(BuiltinModelSource.Config.class, Map.of()));
    }

    /**
     * @param source the model source
     * @return an embedding service over that source with the default on-disk cache
     */
    static EmbeddingService embeddings(ModelSource source) {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(new DiskEmbeddingCache(
                ComponentConfig.of(DiskEmbeddingCache.Config.class, Map.of())));
        service.addSource(source, Map.of());
        service.addProvider(new BertFamilyModelProvider());
        return service;
    }
}
