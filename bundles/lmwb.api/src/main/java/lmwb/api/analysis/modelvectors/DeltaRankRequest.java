package lmwb.api.analysis.modelvectors;

import java.util.List;

/**
 * The {@code deltarank} command's request: the rank at energy τ of every weight delta.
 *
 * @param base the base model reference
 * @param models fine-tuned models, as in {@link ModelVectorRequest#models()}
 * @param tau energy thresholds τ in (0, 1] (default 0.5, 0.9)
 * @param out a folder that receives a copy of the stored result, or {@code null}
 */
public record DeltaRankRequest(String base, List<String> models, List<Double> tau, String out) {
    /** Fills defaults and checks. */
    public DeltaRankRequest {
        base = ModelDeltas.base(base);
        models = ModelDeltas.models(models);
        tau = tau == null || tau.isEmpty() ? List.of(0.5, 0.9) : List.copyOf(tau);
        for (double t : tau) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("--tau values must be in (0, 1], got " + t);
            }
        }
        out = out == null || out.isBlank() ? null : out;
    }
}
