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
