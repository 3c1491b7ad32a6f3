package lmwb.api.estimator;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * A stored estimate (kind {@value #KIND}).
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param estimator the estimator
 * @param score its score
 * @param n rows scored
 * @param dim embedding size
 * @param classes distinct classes (0 for regression)
 * @param regression whether the labels were targets
 * @param seconds time spent scoring (only the scoring is timed)
 * @param options the estimator options
 * @param embeddings the embeddings file
 * @param labels the labels file
 * @param embeddingColumns the CSV columns used as embeddings, or {@code null} for {@code .npy}
 * @param classNames CSV text classes by id (sorted), or {@code null}
 * @param details the estimator's secondary values
 * @param provenance how to reproduce it
 */
public record EstimateResult(String resultId, String kind, String estimator, double score, int n, int dim, int classes,
        boolean regression, double seconds, Map<String, String> options, String embeddings, String labels,
        List<String> embeddingColumns, List<String> classNames, Map<String, Double> details, Provenance provenance)
        implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "estimate";
}
