package lmwb.api.training;

import java.util.List;
import java.util.Map;

/**
 * One training run (one seed).
 *
 * @param seed its seed
 * @param epochs per epoch loss and dev score
 * @param bestEpoch the epoch whose parameters were kept
 * @param bestDevScore its dev score
 * @param test every metric on the held-out test split, evaluated once with the best parameters
 * @param stepLosses the training loss of every step, in order
 * @param checkpoint the folder of the saved checkpoint, or {@code null}
 */
public record RunResult(long seed, List<EpochLog> epochs, int bestEpoch, double bestDevScore,
        Map<String, Double> test, List<Double> stepLosses, String checkpoint) {
    /** Freezes the lists. */
    public RunResult {
        epochs = List.copyOf(epochs);
        test = Map.copyOf(test);
        stepLosses = List.copyOf(stepLosses);
    }
}
