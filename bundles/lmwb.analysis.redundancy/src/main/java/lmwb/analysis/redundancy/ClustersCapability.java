package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.analysis.ClustersRequest;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code clusters}: neuron correlation clustering of all layers' neurons: clusters and removable share per
 * threshold, layer span; stored as kind {@value ClustersResult#KIND}.
 */
@Component(property = Capability.NAME + "=clusters")
public class ClustersCapability implements Capability<ClustersRequest, ClustersResult> {
    private final RedundancyAnalyses analyses;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

    /**
     * @param embeddings extracts activations (through the embedding cache)
     * @param datasets the dataset catalogue
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public ClustersCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.analyses = new RedundancyAnalyses(embeddings, datasets, List.of());
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "clusters";
    }

    @Override
    public String description() {
        return "neuron correlation clustering of all layers' neurons: clusters and removable share per threshold, layer span";
    }

    @Override
    public Class<ClustersRequest> requestType() {
        return ClustersRequest.class;
    }

    @Override
    public ClustersResult run(ClustersRequest request, RunContext context) throws IOException {
        RedundancyAnalyses.Computed<ClustersResult> computed = analyses.clusters(request,
                provenance.begin(name(), request, context), context.progress(), context.cancel());
        return AnalysisResults.store(store, ClustersResult.KIND, computed, computed.result()::withResultId,
                computed.result().dataset(), request.model(), context);
    }
}
