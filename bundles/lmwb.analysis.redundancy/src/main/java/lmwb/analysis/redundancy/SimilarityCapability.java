package lmwb.analysis.redundancy;

import java.io.IOException;
import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.analysis.SimilarityRequest;
import lmwb.api.analysis.SimilarityResult;
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
 * {@code similarity}: layer-similarity matrix (linear CKA) of every pair of layers, and across models when several
 * are given; SVG heatmaps; stored as kind {@value SimilarityResult#KIND}.
 */
@Component(service = Capability.class, property = Capability.NAME + "=similarity")
public class SimilarityCapability extends StoredAnalysis<SimilarityRequest, SimilarityResult> {
    private final RedundancyAnalyses analyses;

    /**
     * @param embeddings extracts activations (through the embedding cache)
     * @param datasets the dataset catalogue
     * @param store where results go
     * @param provenance fills versions, host, user and options
     */
    @Activate
    public SimilarityCapability(@Reference EmbeddingService embeddings, @Reference DatasetCatalog datasets,
            @Reference ResultStore store, @Reference ProvenanceRecorder provenance) {
        super("similarity", "layer-similarity matrix (linear CKA) of every pair of layers, and across models when several are given; SVG heatmaps",
                SimilarityRequest.class, store, provenance);
        this.analyses = new RedundancyAnalyses(embeddings, datasets, List.of());
    }

    @Override
    protected Computed<SimilarityResult> compute(SimilarityRequest request, Provenance.Builder provenance, RunContext context)
            throws IOException {
        return analyses.similarity(request, provenance, context.progress(), context.cancel());
    }

    @Override
    protected SimilarityResult withResultId(SimilarityResult result, String id) {
        return result.withResultId(id);
    }

    @Override
    protected String dataset(SimilarityRequest request, SimilarityResult result) {
        return result.dataset();
    }

    @Override
    protected List<String> models(SimilarityRequest request, SimilarityResult result) {
        return request.model();
    }
}
