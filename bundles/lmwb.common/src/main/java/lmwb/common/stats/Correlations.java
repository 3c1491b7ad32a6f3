package lmwb.common.stats;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Pearson's r, Spearman's ρ and Kendall's τ-b between two vectors of the same length, computed by Apache
 * Commons Math.
 *
 * <p><b>Undefined input gives {@code NaN}</b>: fewer than two values, a side whose values are all equal
 * (its deviation is zero, so every coefficient divides by zero), or a {@code NaN} among the values.
 * This is the one rule in lmwb; results show such a value as {@code NaN} (JSON: {@code NaN}, tables:
 * {@code NaN}). A caller that needs a number to compare (selecting neurons or layers by score) maps
 * {@code NaN} itself and says so where it does.
 */
public final class Correlations {
    private Correlations() {
    }

    /**
     * Pearson's product-moment correlation.
     *
     * @param a values
     * @param b values, as many as {@code a}
     * @return r in [-1, 1], or {@code NaN} where undefined (see the class comment)
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double pearson(double[] a, double[] b) {
        return defined(a, b) ? new PearsonsCorrelation().correlation(a, b) : Double.NaN;
    }

    /**
     * Spearman's rank correlation (ties get their average rank).
     *
     * @param a values
     * @param b values, as many as {@code a}
     * @return ρ in [-1, 1], or {@code NaN} where undefined (see the class comment)
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double spearman(double[] a, double[] b) {
        return defined(a, b) ? new SpearmansCorrelation().correlation(a, b) : Double.NaN;
    }

    /**
     * Kendall's τ-b (corrected for ties).
     *
     * @param a values
     * @param b values, as many as {@code a}
     * @return τ-b in [-1, 1], or {@code NaN} where undefined (see the class comment)
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double kendall(double[] a, double[] b) {
        return defined(a, b) ? new KendallsCorrelation().correlation(a, b) : Double.NaN;
    }

    private static boolean defined(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot correlate " + a.length + " with " + b.length + " values");
        }
        return a.length >= 2 && varies(a) && varies(b);
    }

    /** True when the values are not all equal and none is NaN. */
    private static boolean varies(double[] v) {
        boolean varies = false;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return false;
            }
            varies |= x != v[0];
        }
        return varies;
    }
}
