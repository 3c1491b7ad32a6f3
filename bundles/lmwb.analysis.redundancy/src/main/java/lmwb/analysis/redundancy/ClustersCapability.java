package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.analysis.ClustersRequest;
import lmwb.api.analysis.ClustersResult;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import lmwb.common.capability.StoredAnalysis;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code clusters}: neuron correlation clustering of all layers' neurons: clusters and removable share per
 * threshold, layer span; stored as kind {@value ClustersResult#KIND}.
 */
@Component(service = Capability.class, property = Capability.NAME + "=clusters")
public class ClustersCapability extends StoredAnalysis<ClustersRequest, ClustersResult> {
    private final RedundancyAnalyses analyses;

    /**
     * @param embeddings extracts activations (through the embedding cache)
     * @param datasets the dataset catalogue
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public ClustersCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super("clusters", "neuron correlation clustering of all layers' neurons: clusters and removable share per threshold, layer span",
                ClustersRequest.class, store, provenance);
        this.analyses = new RedundancyAnalyses(embeddings, datasets, List.of());
    }

    @Override
    protected Computed<ClustersResult> compute(ClustersRequest request, Provenance.Builder provenance, RunContext context)
            throws IOException {
        return analyses.clusters(request, provenance, context.progress(), context.cancel());
    }

    @Override
    protected ClustersResult withResultId(ClustersResult result, String id) {
        return result.withResultId(id);
    }

    @Override
    protected String dataset(ClustersRequest request, ClustersResult result) {
        return result.dataset();
    }

    @Override
    protected List<String> models(ClustersRequest request, ClustersResult result) {
        return request.model();
    }
}
