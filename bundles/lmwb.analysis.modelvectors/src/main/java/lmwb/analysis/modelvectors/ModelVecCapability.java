package lmwb.analysis.modelvectors;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultStore;
import lmwb.common.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * * {@code modelvec}: model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-
 * dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots. Stored as kind
 * {@value ModelVectorResult#KIND}.
 */
@Component(property = Capability.NAME + "=modelvec")
public class ModelVecCapability implements Capability<ModelVectorRequest, ModelVectorResult> {
    private final ModelVectorAnalyses analyses;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param models resolves the base and hub models (the one resolution path)
     * @param reader reads weights under canonical names
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public ModelVecCapability(@Reference EmbeddingService models, @Reference WeightReader reader,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.analyses = new ModelVectorAnalyses(models, reader);
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "modelvec";
    }

    @Override
    public String description() {
        return "model vectors from weight deltas (rank-r SVD of the six linear weights per layer): same-dataset precision at k-1, kNN accuracy and silhouette against baselines; PCA and t-SNE plots";
    }

    @Override
    public Class<ModelVectorRequest> requestType() {
        return ModelVectorRequest.class;
    }

    @Override
    public ModelVectorResult run(ModelVectorRequest request, RunContext context) throws IOException {
        ModelVectorAnalyses.Computed<ModelVectorResult> computed = analyses.vectors(request, provenance.begin(name(), request, context),
                context.progress(), context.cancel());
        try (ResultStore.PendingResult pending = store.begin(ModelVectorResult.KIND)) {
            for (Map.Entry<String, byte[]> f : computed.files().entrySet()) {
                Files.write(pending.file(f.getKey()), f.getValue());
            }
            ModelVectorResult result = computed.result().withResultId(pending.id());
            pending.commit(new ResultMetadata(computed.summary(), context.user(), null, result.models().stream()
                    .map(ModelVectorResult.Model::name).toList(), List.of(), context.jobId()), Json.COMPACT.toJson(result));
            return result;
        }
    }
}
