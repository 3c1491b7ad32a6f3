package lmwb.api.estimator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one estimator call.
 *
 * @param estimator the estimator's name
 * @param value the score (higher is better)
 * @param details named secondary values, e.g. {@code alpha}, {@code k}, {@code shrinkage}
 */
public record Score(String estimator, double value, Map<String, Double> details) {
    /**
     * The detail an iterative estimator sets to the number of its fits that its iteration cap stopped before their
     * tolerance (0 when every fit converged). The ranker turns a non-zero count into a note on the result, so that
     * an unconverged score is never shown without saying so.
     */
    public static final String ITERATION_CAPPED = "iteration_capped";

    /** Freezes the details. */
    public Score {
        Objects.requireNonNull(estimator, "estimator");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * @param estimator the estimator's name
     * @param value the score
     * @return a score without details
     */
    public static Score of(String estimator, double value) {
        return new Score(estimator, value, Map.of());
    }
}
