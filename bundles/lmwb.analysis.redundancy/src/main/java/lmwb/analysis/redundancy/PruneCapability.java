package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.analysis.NeuronRanker;
import lmwb.api.analysis.PruneRequest;
import lmwb.api.analysis.PruneResult;
import lmwb.api.capability.Capability;
import lmwb.api.capability.ProvenanceRecorder;
import lmwb.api.capability.RunContext;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.results.ResultStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code prune}: oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking:
 * the fewest layers and neurons a task needs; stored as kind {@value PruneResult#KIND}.
 */
@Component(property = Capability.NAME + "=prune")
public class PruneCapability implements Capability<PruneRequest, PruneResult> {
    private final RedundancyAnalyses analyses;
    private final ResultStore store;
    private final ProvenanceRecorder provenance;

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
        this.analyses = new RedundancyAnalyses(embeddings, datasets, rankers);
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public String description() {
        return "oracle, layer-wise and incremental probes, LayerSelector, correlation clustering and neuron ranking: the fewest layers and neurons a task needs";
    }

    @Override
    public Class<PruneRequest> requestType() {
        return PruneRequest.class;
    }

    @Override
    public PruneResult run(PruneRequest request, RunContext context) throws IOException {
        RedundancyAnalyses.Computed<PruneResult> computed = analyses.prune(request,
                provenance.begin(name(), request, context), context.progress(), context.cancel());
        return AnalysisResults.store(store, PruneResult.KIND, computed, computed.result()::withResultId,
                computed.result().dataset(), request.model(), context);
    }
}
