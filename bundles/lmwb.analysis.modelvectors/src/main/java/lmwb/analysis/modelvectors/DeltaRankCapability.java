package lmwb.analysis.modelvectors;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
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
 * * {@code deltarank}: rank at energy tau of every weight delta (exact SVD), averaged over models per parameter
 * family and layer; SVG plot against depth. Stored as kind {@value DeltaRankResult#KIND}.
 */
@Component(property = Capability.NAME + "=deltarank")
public class DeltaRankCapability implements Capability<DeltaRankRequest, DeltaRankResult> {
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
    public DeltaRankCapability(@Reference EmbeddingService models, @Reference WeightReader reader,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.analyses = new ModelVectorAnalyses(models, reader);
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "deltarank";
    }

    @Override
    public String description() {
        return "rank at energy tau of every weight delta (exact SVD), averaged over models per parameter family and layer; SVG plot against depth";
    }

    @Override
    public Class<DeltaRankRequest> requestType() {
        return DeltaRankRequest.class;
    }

    @Override
    public DeltaRankResult run(DeltaRankRequest request, RunContext context) throws IOException {
        ModelVectorAnalyses.Computed<DeltaRankResult> computed = analyses.deltaRank(request, provenance.begin(name(), request, context),
                context.progress(), context.cancel());
        try (ResultStore.PendingResult pending = store.begin(DeltaRankResult.KIND)) {
            for (Map.Entry<String, byte[]> f : computed.files().entrySet()) {
                Files.write(pending.file(f.getKey()), f.getValue());
            }
            DeltaRankResult result = computed.result().withResultId(pending.id());
            pending.commit(new ResultMetadata(computed.summary(), context.user(), null, result.models(), List.of(), context.jobId()), Json.COMPACT.toJson(result));
            return result;
        }
    }
}
