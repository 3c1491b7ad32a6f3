package lmwb.api.analysis.modelvectors;

import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * Model vectors and how they cluster by fine-tuning dataset (kind {@value #KIND}); its JSON is the stored document.
 *
 * @param resultId the result-store id
 * @param base the base model
 * @param architecture the base's shape
 * @param rank r
 * @param variant the chosen variant
 * @param vectorSize the chosen vectors' length
 * @param sizeFormula how that length comes about
 * @param neighbours k of the kNN vote (at most models − 1)
 * @param models every model with its label and 2-D coordinates
 * @param table the evaluation: every variant and the baselines
 * @param perplexity t-SNE's perplexity
 * @param files the files stored beside the document ({@code vectors.npy}, plots)
 * @param provenance where it came from
 */
public record ModelVectorResult(String resultId, String base, Architecture architecture, int rank, String variant,
        int vectorSize, String sizeFormula, int neighbours, List<Model> models, List<Method> table, double perplexity,
        List<String> files, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "modelvec";

    /** Freezes the lists. */
    public ModelVectorResult {
        models = List.copyOf(models);
        table = List.copyOf(table);
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
    public ModelVectorResult withResultId(String id) {
        return new ModelVectorResult(id, base, architecture, rank, variant, vectorSize, sizeFormula, neighbours, models,
                table, perplexity, files, provenance);
    }

    /**
     * A transformer's shape.
     *
     * @param layers layers
     * @param hidden hidden size H
     * @param ffn feed-forward size F
     */
    public record Architecture(int layers, int hidden, int ffn) {
    }

    /**
     * One fine-tuned model.
     *
     * @param name its name
     * @param label its dataset label, or {@code null}
     * @param pca its PCA coordinates
     * @param tsne its t-SNE coordinates, or {@code null} for fewer than 3 models
     */
    public record Model(String name, String label, double[] pca, double[] tsne) {
    }

    /**
     * One evaluated representation.
     *
     * @param method what the vectors are
     * @param distance {@code euclidean} or {@code cosine}
     * @param dimensions their size
     * @param precision same-label precision at k−1, or {@code null} when undefined
     * @param knn kNN accuracy, or {@code null}
     * @param silhouette silhouette, or {@code null}
     */
    public record Method(String method, String distance, long dimensions, Double precision, Double knn,
            Double silhouette) {
    }
}
