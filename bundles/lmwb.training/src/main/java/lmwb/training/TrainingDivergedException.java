package lmwb.training;

import java.util.Locale;

/**
 * A training run's loss or a gradient became NaN or infinite: the run stops there, before the optimizer turns
 * it into NaN weights, with one line saying where and what to change.
 */
final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param epoch the 1-based epoch
     * @param step the 1-based step of the run
     * @param what what is not finite, e.g. {@code loss is NaN}
     */
    TrainingDivergedException(int epoch, int step, String what) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d step %d: %s; lower the learning "
                + "rates (--lr, --head-lr) and train again", epoch, step, what));
    }
}
