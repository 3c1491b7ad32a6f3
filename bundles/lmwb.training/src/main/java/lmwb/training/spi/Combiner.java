package lmwb.training.spi;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;

/**
 * How a multi-encoder combines the pooled vectors of its L language models ({@code e_i ∈ R^{d_i}}, rows of
 * {@code (N, d_i)} arrays) into one vector {@code m}. Registered as a DS service with the {@link #NAME}
 * property and chosen by name ({@code train --combine NAME}); the workbench ships {@code concat}, {@code mean}
 * and {@code dme}, and a bundle may add more. Stateless: the parameters live in a {@link ParameterStore} under
 * {@code combiner.*} in {@link ParameterStore#HEAD_GROUP} (so they train at the head's learning rate whatever
 * the encoders' rates are) and are saved in, and restored from, the checkpoint. Dropout on {@code m}
 * ({@code --combine-dropout}) is applied by the trainer after {@link #forward}, for every combiner alike.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Combiner {
    /** Service property with the combiner's name. */
    String NAME = "lmwb.combiner";

    /**
     * Options of the built-in combiners that a plug-in may honour or ignore.
     *
     * @param layerNorm whether projected vectors are normalised (DME's shared LayerNorm; {@code --no-layer-norm}
     *     turns it off)
     */
    record Options(boolean layerNorm) {
    }

    /**
     * The combined vectors and, for combiners that weigh the models, the weights.
     *
     * @param vector {@code (N, outputDim)}
     * @param weights {@code (N, L)} each model's weight per row (reported by {@code predict}), or {@code null}
     */
    record Combined(NDArray vector, NDArray weights) {
    }

    /** @return the name users pass with {@code --combine}, e.g. {@code dme} */
    String name();

    /** @return one line on what it computes */
    String description();

    /**
     * @param dims d_i per model (at least one)
     * @return the width of {@code m}
     */
    int outputDim(int[] dims);

    /**
     * Creates the parameters (names starting with {@code combiner.}) from a seeded source.
     *
     * @param store the store
     * @param dims d_i per model
     * @param options the options
     * @param random the run's seeded source
     */
    void init(ParameterStore store, int[] dims, Options options, Random random);

    /**
     * @param store the parameters
     * @param pooled per model an {@code (N, d_i)} array
     * @param options the options {@link #init} was given
     * @param dropout the run's masks when training, {@link DropoutMasks#NONE} otherwise (for a combiner with
     *     dropout of its own)
     * @return {@code m} and, where the combiner has them, the models' weights
     */
    Combined forward(ParameterStore store, List<NDArray> pooled, Options options, DropoutMasks dropout);
}
