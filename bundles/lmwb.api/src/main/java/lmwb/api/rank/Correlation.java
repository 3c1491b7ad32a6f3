package lmwb.api.rank;

/**
 * Agreement between an estimator's scores and the linear probe's scores over the same items.
 *
 * @param scope what was correlated, e.g. {@code across-models}, {@code across-layers (pooled)},
 *     {@code within-model all-minilm-l6-v2}
 * @param n the number of items
 * @param pearson Pearson's r ({@code NaN} when undefined)
 * @param spearman Spearman's ρ
 * @param kendall Kendall's τ-b
 */
public record Correlation(String scope, int n, double pearson, double spearman, double kendall) {
}
