/**
 * Correlation coefficients, the one implementation every lmwb bundle uses: Pearson, Spearman and
 * Kendall's τ-b from Apache Commons Math, with one rule for input where a coefficient is undefined
 * (fewer than two values, or a constant side): the result is {@code NaN}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.stats;
