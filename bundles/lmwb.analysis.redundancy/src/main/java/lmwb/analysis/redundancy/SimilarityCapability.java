package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.analysis.SimilarityRequest;
import lmwb.api.analysis.SimilarityResult;
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
 * {@code similarity}: layer-similarity matrix (linear CKA) of every pair of layers, and across models when several
 * are given; SVG heatmaps; stored as kind {@value SimilarityResult#KIND}.
 */
@Component(property = Capability.NAME + "=similarity")
public class SimilarityCapability implements Capability<SimilarityRequest, SimilarityResult> {
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
    public SimilarityCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        this.analyses = new RedundancyAnalyses(embeddings, datasets, List.of());
        this.store = store;
        this.provenance = provenance;
    }

    @Override
    public String name() {
        return "similarity";
    }

    @Override
    public String description() {
        return "layer-similarity matrix (linear CKA) of every pair of layers, and across models when several are given; SVG heatmaps";
    }

    @Override
    public Class<SimilarityRequest> requestType() {
        return SimilarityRequest.class;
    }

    @Override
    public SimilarityResult run(SimilarityRequest request, RunContext context) throws IOException {
        RedundancyAnalyses.Computed<SimilarityResult> computed = analyses.similarity(request,
                provenance.begin(name(), request, context), context.progress(), context.cancel());
        return AnalysisResults.store(store, SimilarityResult.KIND, computed, computed.result()::withResultId,
                computed.result().dataset(), request.model(), context);
    }
}
