package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import lmwb.api.data.Split;
import lmwb.encoders.spi.DropoutMasks;

/**
 * The pooled vectors of each language model for a batch of examples: one row per example, or one row per
 * word (examples' words concatenated) for token tasks.
 */
interface Features extends AutoCloseable {
    /** @return d_i per model */
    int[] dims();

    /**
     * @param manager owns the arrays
     * @param split which inputs
     * @param indices examples of that split
     * @param dropout the run's masks when training (fine-tuned encoders apply them), else
     *     {@link DropoutMasks#NONE}
     * @return per model an {@code (rows, d_i)} array
     */
    List<NDArray> pooled(NDManager manager, Split split, int[] indices, DropoutMasks dropout);

    @Override
    void close();
}
