package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import lmwb.api.data.Split;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import lmwb.training.spi.TaskHead;

/**
 * Encoders' pooled vectors → combiner → head.
 *
 * @param combiner the multi-encoder's combination
 * @param head the task head
 * @param store every trainable parameter
 * @param outputs the head's outputs per row
 */
record Network(Combiner combiner, TaskHead head, ParameterStore store, int outputs) {

    /**
     * The head's outputs and, for DME, the models' weights.
     *
     * @param outputs {@code (rows, outputs)}
     * @param alpha {@code (rows, L)} or {@code null}
     */
    record Output(NDArray outputs, NDArray alpha) {
    }

    Output forward(NDManager manager, Features features, Split split, int[] indices, boolean training) {
        List<NDArray> pooled = features.pooled(manager, split, indices, training);
        Combiner.Combined c = combiner.forward(store, pooled, training);
        return new Output(head.forward(store, c.vector(), training), c.weights());
    }
}
