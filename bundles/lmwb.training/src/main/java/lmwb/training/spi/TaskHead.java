package lmwb.training.spi;

import ai.djl.ndarray.NDArray;
import java.util.Random;
import lmwb.api.TaskType;
import lmwb.encoders.spi.DropoutMasks;

/**
 * A task head: maps combined vectors (one row per example, or per word for token tasks) to outputs and
 * a loss. Registered as a DS service with the {@link #NAME} property; stateless, its parameters live in a
 * {@link ParameterStore} under {@code head.*} in {@link ParameterStore#HEAD_GROUP}.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface TaskHead {
    /** Service property with the head's name. */
    String NAME = "lmwb.head";

    /** @return the name users pass with {@code --head}, e.g. {@code text-classification} */
    String name();

    /**
     * @param type a task type
     * @return whether this head trains on it (the trainer picks the first supporting head for {@code auto})
     */
    boolean supports(TaskType type);

    /**
     * @param classes the label map's size (0 for regression)
     * @return the number of outputs per row
     */
    int outputs(int classes);

    /**
     * Creates the head's parameters.
     *
     * @param store the store
     * @param inputDim width of the combined vector
     * @param outputs number of outputs
     * @param random the seeded source
     */
    void init(ParameterStore store, int inputDim, int outputs, Random random);

    /**
     * @param store the parameters
     * @param features {@code (N, inputDim)}
     * @param dropout the run's masks when training, {@link DropoutMasks#NONE} otherwise
     * @return {@code (N, outputs)}: logits or regression values
     */
    NDArray forward(ParameterStore store, NDArray features, DropoutMasks dropout);

    /**
     * @param outputs the forward output {@code (N, outputs)}
     * @param targets class ids (float32 holding integers) or regression targets, {@code (N)}
     * @return the mean loss (a scalar)
     */
    NDArray loss(NDArray outputs, NDArray targets);
}
