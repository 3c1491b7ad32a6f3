package lmwb.ranker;

import lmwb.api.rank.Correlation;

/**
 * Pearson, Spearman and Kendall (τ-b) correlation between two score vectors, computed by
 * {@link lmwb.common.stats.Correlations}: NaN where undefined (fewer than two values, or a constant side).
 */
final class Correlations {
    private Correlations() {
    }

    static Correlation of(String scope, double[] a, double[] b) {
        return new Correlation(scope, a.length, lmwb.common.stats.Correlations.pearson(a, b),
                lmwb.common.stats.Correlations.spearman(a, b), lmwb.common.stats.Correlations.kendall(a, b));
    }
}
