package lmwb.api.diagnostics;

import java.util.Locale;

/**
 * How {@code label-issues} decides which examples are issues (cleanlab's {@code filter_by} vocabulary, plus the
 * published study's method).
 */
public enum LabelIssueMethod {
    /**
     * The published label-errors study: n = ⌊N · (1 − trace(C)/sum(C))⌋ from the (uncalibrated) confident joint C,
     * and the n examples with the lowest margin p_given − max_{k≠given} p_k.
     */
    PUBLISHED,
    /** For every off-diagonal cell (given i, true j) of C, the C[i][j] examples labelled i with the largest p_j − p_i. */
    PRUNE_BY_NOISE_RATE,
    /** For every class i, the Σ_{j≠i} C[i][j] examples labelled i with the lowest p_i. */
    PRUNE_BY_CLASS,
    /** Examples chosen by both {@link #PRUNE_BY_NOISE_RATE} and {@link #PRUNE_BY_CLASS}. */
    BOTH,
    /** The examples counted off the diagonal of the confident joint. */
    CONFIDENT_LEARNING,
    /** The examples whose most probable class is not the given one (the simple baseline). */
    PREDICTED_NEQ_GIVEN;

    /**
     * @param name a method name, e.g. {@code prune_by_noise_rate} (dashes accepted)
     * @return the method
     */
    public static LabelIssueMethod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown label-issue method '" + name + "'; use published, prune_by_noise_rate, "
                    + "prune_by_class, both, confident_learning or predicted_neq_given", e);
        }
    }
}
