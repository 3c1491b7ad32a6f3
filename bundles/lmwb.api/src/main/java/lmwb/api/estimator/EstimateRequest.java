package lmwb.api.estimator;

import java.util.Map;

/**
 * The request of the {@code estimate} capability: score an embedding matrix against labels with one estimator.
 *
 * @param embeddings N x D {@code .npy} (float32/float64), or a CSV/TSV whose numeric columns (minus the label
 *     column) are used (required)
 * @param labels {@code .npy} vector of N class ids or targets, or a CSV/TSV with {@code labelColumn} (required)
 * @param labelColumn the label column of a CSV/TSV labels file
 * @param estimator the estimator's name (required)
 * @param regression whether the labels are real-valued targets; default false
 * @param options estimator options
 */
public record EstimateRequest(String embeddings, String labels, String labelColumn, String estimator, Boolean regression,
        Map<String, String> options) {

    /** Checks the required options and fills defaults. */
    public EstimateRequest {
        if (blank(embeddings) || blank(labels) || blank(estimator)) {
            throw new IllegalArgumentException("estimate needs --embeddings FILE --labels FILE --estimator NAME");
        }
        labelColumn = blank(labelColumn) ? null : labelColumn;
        regression = regression != null && regression;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
