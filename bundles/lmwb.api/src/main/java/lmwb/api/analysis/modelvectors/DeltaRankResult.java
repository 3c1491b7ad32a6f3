package lmwb.api.analysis.modelvectors;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * The rank at energy τ of every weight delta per parameter family and layer (kind {@value #KIND}); its JSON is the
 * stored document.
 *
 * @param resultId the result-store id
 * @param base the base model
 * @param architecture the base's shape
 * @param models the fine-tuned models
 * @param taus the energy thresholds
 * @param rows one per layer and family
 * @param meanOverLayers per τ, per family, the mean rank over layers
 * @param files the plots stored beside the document
 * @param provenance where it came from
 */
public record DeltaRankResult(String resultId, String base, ModelVectorResult.Architecture architecture,
        List<String> models, List<Double> taus, List<Row> rows, Map<String, Map<String, Double>> meanOverLayers,
        List<String> files, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "deltarank";

    /** Freezes the lists. */
    public DeltaRankResult {
        models = List.copyOf(models);
        taus = List.copyOf(taus);
        rows = List.copyOf(rows);
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
    public DeltaRankResult withResultId(String id) {
        return new DeltaRankResult(id, base, architecture, models, taus, rows, meanOverLayers, files, provenance);
    }

    /**
     * One parameter family in one layer.
     *
     * @param layer the layer
     * @param family e.g. {@code query}
     * @param shape the matrix shape
     * @param fullRank min of the shape
     * @param frobenius mean Frobenius norm of ΔW over models
     * @param ranks per τ the rank's mean, min and max over models
     */
    public record Row(int layer, String family, long[] shape, int fullRank, double frobenius, List<Rank> ranks) {
    }

    /**
     * @param tau τ
     * @param mean mean rank over models
     * @param min smallest
     * @param max largest
     */
    public record Rank(double tau, double mean, int min, int max) {
    }
}
