package lmwb.api.analysis;

import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * Layer similarity of one or several models (kind {@value #KIND}); its JSON is the stored document.
 *
 * @param resultId the result-store id
 * @param dataset the dataset's name
 * @param task the dataset's task type
 * @param models the models
 * @param activations what the rows are (sentence or word vectors, pooling, precision)
 * @param measure {@code CKA} or {@code debiased CKA}
 * @param seconds time spent computing the matrices
 * @param matrices one per pair of models (a model with itself first)
 * @param files the plots stored beside the document
 * @param provenance where it came from
 */
public record SimilarityResult(String resultId, String dataset, String task, List<String> models, String activations,
        String measure, double seconds, List<LayerSimilarity> matrices, List<String> files, Provenance provenance)
        implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "similarity";

    /** Freezes the lists. */
    public SimilarityResult {
        models = List.copyOf(models);
        matrices = List.copyOf(matrices);
        files = List.copyOf(files);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * @param id the result-store id
     * @return a copy with that id
     */
    public SimilarityResult withResultId(String id) {
        return new SimilarityResult(id, dataset, task, models, activations, measure, seconds, matrices, files, provenance);
    }

    /**
     * The similarity of every layer of one model (rows; 0 = embedding output) with every layer of another (columns).
     *
     * @param rowsModel the rows' model
     * @param colsModel the columns' model
     * @param matrix the similarities; {@code null} where undefined
     * @param undefined when an entry is {@code null}
     * @param meanOffDiagonal for a model with itself, the mean similarity of different layers; else {@code null}
     * @param adjacentLayers for a model with itself, the similarity of layer l and l+1; else {@code null}
     */
    public record LayerSimilarity(String rowsModel, String colsModel, List<List<Double>> matrix, String undefined,
            Double meanOffDiagonal, List<Double> adjacentLayers) {
    }
}
