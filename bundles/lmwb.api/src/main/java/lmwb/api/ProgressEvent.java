package lmwb.api;

/**
 * A snapshot of progress of one stage of long work.
 *
 * @param stage what is being done, e.g. {@code embed all-minilm-l6-v2}
 * @param done units done so far
 * @param total units in all, or {@code -1} when unknown
 * @param unit what a unit is, e.g. {@code sentences}
 * @param elapsedNanos time spent in this stage so far
 */
public record ProgressEvent(String stage, long done, long total, String unit, long elapsedNanos) {

    /** @return the fraction done in {@code [0, 1]}, or {@code NaN} when the total is unknown */
    public double fraction() {
        return total <= 0 ? Double.NaN : Math.min(1.0, (double) done / total);
    }

    /** @return the estimated seconds left, or {@code NaN} when it cannot be estimated yet */
    public double etaSeconds() {
        if (total <= 0 || done <= 0) {
            return Double.NaN;
        }
        return elapsedNanos / 1e9 * (total - done) / done;
    }
}
