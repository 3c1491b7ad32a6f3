package lmwb.analysis.modelvectors;

import java.io.IOException;
import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
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
 * {@code deltarank}: rank at energy tau of every weight delta (exact SVD), averaged over models per parameter
 * family and layer; SVG plot against depth. Stored as kind {@value DeltaRankResult#KIND}.
 */
@Component(service = Capability.class, property = Capability.NAME + "=deltarank")
public class DeltaRankCapability extends StoredAnalysis<DeltaRankRequest, DeltaRankResult> {
    private final ModelVectorAnalyses analyses;
    private final ResultStore store;

    /**
     * @param models resolves the base and hub models (the one resolution path)
     * @param reader reads weights under canonical names
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public DeltaRankCapability(@Reference EmbeddingService models, @Reference WeightReader reader,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super("deltarank", "rank at energy tau of every weight delta (exact SVD), averaged over models per parameter family and layer; SVG plot against depth",
                DeltaRankRequest.class, store, provenance);
        this.analyses = new ModelVectorAnalyses(models, reader);
        this.store = store;
    }

    @Override
    protected Computed<DeltaRankResult> compute(DeltaRankRequest request, Provenance.Builder provenance, RunContext context)
            throws IOException {
        // stored trainings named by id become their folders (the provenance keeps the ids the user gave)
        List<String> models = DeltaLoader.stored(store, request.models());
        return analyses.deltaRank(new DeltaRankRequest(request.base(), models, request.tau(), request.out()), provenance, context.progress(), context.cancel());
    }

    @Override
    protected DeltaRankResult withResultId(DeltaRankResult result, String id) {
        return result.withResultId(id);
    }

    @Override
    protected String dataset(DeltaRankRequest request, DeltaRankResult result) {
        return null;
    }

    @Override
    protected List<String> models(DeltaRankRequest request, DeltaRankResult result) {
        return result.models();
    }
}
