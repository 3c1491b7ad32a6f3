package lmwb.analysis.modelvectors;

import java.io.IOException;
import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import lmwb.common.capability.StoredAnalysis;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code modelvec}: model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-
 * dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots. Stored as kind
 * {@value ModelVectorResult#KIND}.
 */
@Component(service = Capability.class, property = Capability.NAME + "=modelvec")
public class ModelVecCapability extends StoredAnalysis<ModelVectorRequest, ModelVectorResult> {
    private final ModelVectorAnalyses analyses;
    private final ResultStore store;

    /**
     * @param models resolves the base and hub models (the one resolution path)
     * @param reader reads weights under canonical names
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public ModelVecCapability(@Reference EmbeddingService models, @Reference WeightReader reader,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super("modelvec", "model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots",
                ModelVectorRequest.class, store, provenance);
        this.analyses = new ModelVectorAnalyses(models, reader);
        this.store = store;
    }

    @Override
    protected Computed<ModelVectorResult> compute(ModelVectorRequest request, Provenance.Builder provenance, RunContext context)
            throws IOException {
        // stored trainings named by id become their folders (the provenance keeps the ids the user gave)
        List<String> models = DeltaLoader.stored(store, request.models());
        return analyses.vectors(new ModelVectorRequest(request.base(), models, request.labels(), request.rank(), request.variant(),
                request.neighbours(), request.seed(), request.out()), provenance, context.progress(), context.cancel());
    }

    @Override
    protected ModelVectorResult withResultId(ModelVectorResult result, String id) {
        return result.withResultId(id);
    }

    @Override
    protected String dataset(ModelVectorRequest request, ModelVectorResult result) {
        return null;
    }

    @Override
    protected List<String> models(ModelVectorRequest request, ModelVectorResult result) {
        return result.models().stream().map(ModelVectorResult.Model::name).toList();
    }
}
