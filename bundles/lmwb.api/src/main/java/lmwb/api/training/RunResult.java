package lmwb.api.training;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param dmeWeights per model (in the request's order) its mean DME weight α over the test split with the
 *     best parameters, summing to 1; {@code null} where the combiner does not weigh the models (concatenation)
 *     and for token-level tasks
 */
public record RunResult(long seed, List<EpochLog> epochs, int bestEpoch, double bestDevScore,
        Map<String, Double> test, List<Double> stepLosses, String checkpoint, Map<String, Double> dmeWeights) {
    /** Freezes the lists and keeps the models' order in {@code dmeWeights}. */
    public RunResult {
        epochs = List.copyOf(epochs);
        test = Map.copyOf(test);
        stepLosses = List.copyOf(stepLosses);
        dmeWeights = dmeWeights == null ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(dmeWeights));
    }

    /**
     * A run without model weights.
     *
     * @param seed its seed
     * @param epochs per epoch loss and dev score
     * @param bestEpoch the epoch whose parameters were kept
     * @param bestDevScore its dev score
     * @param test every metric on the held-out test split
     * @param stepLosses the training loss of every step
     * @param checkpoint the folder of the saved checkpoint, or {@code null}
     */
    public RunResult(long seed, List<EpochLog> epochs, int bestEpoch, double bestDevScore,
            Map<String, Double> test, List<Double> stepLosses, String checkpoint) {
        this(seed, epochs, bestEpoch, bestDevScore, test, stepLosses, checkpoint, null);
    }

    /**
     * @param folder the checkpoint's folder
     * @return a copy naming that checkpoint
     */
    public RunResult withCheckpoint(String folder) {
        return new RunResult(seed, epochs, bestEpoch, bestDevScore, test, stepLosses, folder, dmeWeights);
    }
}
