package lmwb.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import lmwb.api.training.TrainingDynamics;
import lmwb.common.json.Json;

/**
 * Records the training dynamics of a run ({@code train --dynamics}): given the logits of the whole training split
 * after each epoch, keeps each example's softmax probability of its gold label and whether its most probable label
 * is the gold one.
 */
final class DynamicsRecorder {
    private final List<Example> examples;
    private final int[] gold;
    private final List<List<Double>> probabilities = new ArrayList<>();
    private final List<List<Boolean>> correct = new ArrayList<>();
    private int epochs;

    /** @param data the task's data (a classification task: the trainer refuses others first) */
    DynamicsRecorder(TaskData data) {
        this.examples = data.examples().get(Split.TRAIN);
        this.gold = examples.stream().mapToInt(Example::label).toArray();
        for (int i = 0; i < gold.length; i++) {
            probabilities.add(new ArrayList<>());
            correct.add(new ArrayList<>());
        }
    }

    /**
     * @param logits one row of logits per training example, in the split's order, after an epoch
     */
    void epoch(float[][] logits) {
        if (logits.length != gold.length) {
            throw new IllegalStateException(logits.length + " rows of logits for " + gold.length + " training examples");
        }
        for (int i = 0; i < gold.length; i++) {
            float[] z = logits[i];
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : z) {
                sum += Math.exp(v - max);
            }
            probabilities.get(i).add(Math.exp(z[gold[i]] - max) / sum);
            correct.get(i).add(TrainingLoop.argmax(z) == gold[i]);
        }
        epochs++;
    }

    /**
     * @param dataset the dataset trained on
     * @param seed the run's seed
     * @return what was recorded
     */
    TrainingDynamics dynamics(Dataset dataset, long seed) {
        List<TrainingDynamics.Example> out = new ArrayList<>();
        for (int i = 0; i < gold.length; i++) {
            Example e = examples.get(i);
            String text = e.pairText() == null ? e.text() : e.text() + " ‖ " + e.pairText();
            out.add(new TrainingDynamics.Example(text, gold[i], probabilities.get(i), correct.get(i)));
        }
        return new TrainingDynamics(dataset.name(), dataset.contentHash(), dataset.taskType().displayName(),
                dataset.labelMap().names(), seed, epochs, out);
    }

    /**
     * Writes the dynamics as {@code runFolder/}{@value TrainingDynamics#FILE}.
     *
     * @param runFolder the run's folder ({@code seed-<seed>} of the result)
     * @param dataset the dataset trained on
     * @param seed the run's seed
     * @throws IOException when it cannot be written
     */
    void write(Path runFolder, Dataset dataset, long seed) throws IOException {
        Files.createDirectories(runFolder);
        Files.writeString(runFolder.resolve(TrainingDynamics.FILE), Json.COMPACT.toJson(dynamics(dataset, seed)),
                StandardCharsets.UTF_8);
    }
}
