package lmwb.api.training;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * The outcome of a training (kind {@value #KIND}): every run, the test metrics' mean and standard deviation over
 * runs, and the majority-class (or mean-predictor) baseline on the same test split. Its JSON is the stored document;
 * the stored result's folder holds each run's checkpoint ({@code seed-<seed>/}).
 *
 * @param resultId the result-store id, or {@code null} before it is stored
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
public record TrainingResult(String resultId, TrainingRequest request, String taskType, String head, String metric,
        Map<String, Integer> splitSizes, List<RunResult> runs, Map<String, Double> mean, Map<String, Double> std,
        Map<String, Double> baseline, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "training";

    /** Freezes the collections. */
    public TrainingResult {
        splitSizes = Map.copyOf(splitSizes);
        runs = List.copyOf(runs);
        mean = Map.copyOf(mean);
        std = Map.copyOf(std);
        baseline = Map.copyOf(baseline);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * @param id the result-store id
     * @param asked the request as the user gave it
     * @param checkpoints each run's checkpoint as it is named in the stored result's folder
     * @return a copy
     */
    public TrainingResult stored(String id, TrainingRequest asked, List<String> checkpoints) {
        List<RunResult> moved = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult r = runs.get(i);
            moved.add(r.withCheckpoint(checkpoints.get(i)));
        }
        return new TrainingResult(id, asked, taskType, head, metric, splitSizes, moved, mean, std, baseline, provenance);
    }
}
