package lmwb.api.analysis.modelvectors;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ModelVectorAnalysis#deltaRank} computes.
 *
 * @param base the base model reference
 * @param models fine-tuned models, as in {@link ModelVectorRequest#models()}
 * @param taus energy thresholds τ in (0, 1]
 */
public record DeltaRankRequest(String base, List<String> models, List<Double> taus) {
    /** Freezes the lists. */
    public DeltaRankRequest {
        Objects.requireNonNull(base, "base");
        models = List.copyOf(models);
        taus = List.copyOf(taus);
    }
}
