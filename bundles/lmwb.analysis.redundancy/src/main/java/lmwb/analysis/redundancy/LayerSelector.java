package lmwb.analysis.redundancy;

/**
 * LayerSelector (Dalvi et al., 2020): the smallest l whose incremental probe (features of layers 0..l)
 * scores strictly above {@code oracle · (1 − δ/100)} on the development set.
 */
public final class LayerSelector {
    private LayerSelector() {
    }

    /**
     * @param oracleDev the oracle probe's development score (all layers)
     * @param incrementalDev the development score of the incremental probe on layers 0..l, for l = 0..L
     * @param deltaPercent the tolerated loss δ_LS in percent
     * @return the selected l; the last layer when no incremental probe clears the bar
     */
    public static int select(double oracleDev, double[] incrementalDev, double deltaPercent) {
        if (incrementalDev.length == 0) {
            throw new IllegalArgumentException("no incremental probe scores");
        }
        if (!(deltaPercent >= 0 && deltaPercent < 100)) {
            throw new IllegalArgumentException("LayerSelector threshold must be in [0, 100) %, got " + deltaPercent);
        }
        double bar = oracleDev * (1 - deltaPercent / 100);
        for (int l = 0; l < incrementalDev.length; l++) {
            if (incrementalDev[l] > bar) {
                return l;
            }
        }
        return incrementalDev.length - 1;
    }
}
