package lmwb.api.training;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The outcome of {@link Trainer#train}: every run, the test metrics' mean and standard deviation over
 * runs, and the majority-class (or mean-predictor) baseline on the same test split.
 *
 * @param request what was asked
 * @param taskType the dataset's task type name
 * @param head the head used
 * @param metric the selection metric
 * @param splitSizes examples per split after downsampling and splitting
 * @param runs the runs
 * @param mean per test metric its mean over runs
 * @param std per test metric its sample standard deviation over runs (0 for one run)
 * @param baseline the majority-class baseline's test metrics
 * @param provenance where it came from
 */
public record TrainingResult(TrainingRequest request, String taskType, String head, String metric,
        Map<String, Integer> splitSizes, List<RunResult> runs, Map<String, Double> mean, Map<String, Double> std,
        Map<String, Double> baseline, Provenance provenance) {
    /** Freezes the collections. */
    public TrainingResult {
        splitSizes = Map.copyOf(splitSizes);
        runs = List.copyOf(runs);
        mean = Map.copyOf(mean);
        std = Map.copyOf(std);
        baseline = Map.copyOf(baseline);
    }
}
