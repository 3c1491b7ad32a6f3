package lmwb.ranker;

import lmwb.api.rank.Correlation;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Pearson, Spearman and Kendall (τ-b) correlation between two score vectors, NaN where undefined. */
final class Correlations {
    private Correlations() {
    }

    static Correlation of(String scope, double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot correlate " + a.length + " with " + b.length + " values");
        }
        int n = a.length;
        if (n < 2 || constant(a) || constant(b)) {
            return new Correlation(scope, n, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Correlation(scope, n,
                new PearsonsCorrelation().correlation(a, b),
                new SpearmansCorrelation().correlation(a, b),
                new KendallsCorrelation().correlation(a, b));
    }

    private static boolean constant(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }
}
