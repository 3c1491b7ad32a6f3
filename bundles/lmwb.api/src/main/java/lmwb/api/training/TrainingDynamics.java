package lmwb.api.training;

import java.util.List;

/**
 * The training dynamics of one run ({@code train --dynamics}): after every epoch, each training example's probability
 * of its gold label and whether the model's most probable label is the gold one, evaluated without dropout on the
 * training split with the epoch's parameters (Swayamdipta et al., EMNLP 2020: "the model's probability with
 * parameters θ(e) at the end of the e-th epoch"). Stored as JSON beside the run's checkpoint,
 * {@code seed-<seed>/}{@value #FILE} in the training result's folder.
 *
 * @param dataset the dataset's name
 * @param datasetHash its content hash
 * @param task its task type (display name)
 * @param labels the label names, by class id
 * @param seed the run's seed
 * @param epochs the epochs recorded (every epoch trained, early stopping included)
 * @param examples the training split's examples, in its order
 */
public record TrainingDynamics(String dataset, String datasetHash, String task, List<String> labels, long seed, int epochs,
        List<Example> examples) {
    /** The file name in each run's folder. */
    public static final String FILE = "dynamics.json";

    /** Freezes the lists. */
    public TrainingDynamics {
        labels = List.copyOf(labels);
        examples = List.copyOf(examples);
    }

    /**
     * @param seed a run's seed
     * @return the file of that run's dynamics, relative to the training result's folder
     */
    public static String file(long seed) {
        return "seed-" + seed + "/" + FILE;
    }

    /**
     * One training example across epochs.
     *
     * @param text its text (a pair as {@code first ‖ second})
     * @param gold its gold class id
     * @param probabilities the gold label's probability after each epoch
     * @param correct whether the most probable label was the gold one after each epoch
     */
    public record Example(String text, int gold, List<Double> probabilities, List<Boolean> correct) {
        /** Freezes the lists. */
        public Example {
            probabilities = List.copyOf(probabilities);
            correct = List.copyOf(correct);
        }
    }
}
