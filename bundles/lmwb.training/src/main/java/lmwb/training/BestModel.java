package lmwb.training;

import java.util.Map;

/**
 * Keeps the parameters of the best epoch by a dev metric. Starts at −∞ (or +∞ for a lower-is-better
 * metric) so a first epoch with MCC ≤ 0 is still kept, unlike the reference, which started at 0.
 */
final class BestModel {
    private final boolean higherIsBetter;
    private double best;
    private int epoch = -1;
    private Map<String, float[]> parameters;

    BestModel(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
        this.best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * @param score the epoch's dev score
     * @return whether it improves on the best so far (ties do not)
     */
    boolean improves(double score) {
        return higherIsBetter ? score > best : score < best;
    }

    /**
     * @param score the epoch's dev score
     * @param epochNumber the epoch
     * @param snapshot supplies the parameters when the score improves
     * @return whether it was kept
     */
    boolean offer(double score, int epochNumber, java.util.function.Supplier<Map<String, float[]>> snapshot) {
        if (!improves(score)) {
            return false;
        }
        best = score;
        epoch = epochNumber;
        parameters = snapshot.get();
        return true;
    }

    double score() {
        return best;
    }

    int epoch() {
        return epoch;
    }

    Map<String, float[]> parameters() {
        return parameters;
    }
}
