package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.analysis.NeuronRanker;
import lmwb.api.analysis.PruneRequest;
import lmwb.api.analysis.PruneResult;
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
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code prune}: oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking:
 * the fewest layers and neurons a task needs; stored as kind {@value PruneResult#KIND}.
 */
@Component(service = Capability.class, property = Capability.NAME + "=prune")
public class PruneCapability extends StoredAnalysis<PruneRequest, PruneResult> {
    private final RedundancyAnalyses analyses;

    /**
     * @param embeddings extracts activations (through the embedding cache)
     * @param datasets the dataset catalogue
     * @param store where results go
     * @param provenance fills versions, host, user and options
     * @param rankers the installed neuron rankers (one arriving re-creates this component)
     */
    @Activate
    public PruneCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) List<NeuronRanker> rankers) {
        super("prune", "oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking: the fewest layers and neurons a task needs",
                PruneRequest.class, store, provenance);
        this.analyses = new RedundancyAnalyses(embeddings, datasets, rankers);
    }

    @Override
    protected Computed<PruneResult> compute(PruneRequest request, Provenance.Builder provenance, RunContext context)
            throws IOException {
        return analyses.prune(request, provenance, context.progress(), context.cancel());
    }

    @Override
    protected PruneResult withResultId(PruneResult result, String id) {
        return result.withResultId(id);
    }

    @Override
    protected String dataset(PruneRequest request, PruneResult result) {
        return result.dataset();
    }

    @Override
    protected List<String> models(PruneRequest request, PruneResult result) {
        return request.model();
    }
}
