package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import lmwb.api.data.Split;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import lmwb.training.spi.TaskHead;

/**
 * Encoders' pooled vectors → combiner → dropout on the combined vector → head.
 *
 * @param combiner the multi-encoder's combination
 * @param options the combiner's options
 * @param combineDropout dropout on the combined vector when training, in [0, 1)
 * @param head the task head
 * @param store every trainable parameter
 * @param outputs the head's outputs per row
 */
record Network(Combiner combiner, Combiner.Options options, double combineDropout, TaskHead head,
        ParameterStore store, int outputs) {

    /**
     * The head's outputs and the models' weights where the combiner has them.
     *
     * @param outputs {@code (rows, outputs)}
     * @param alpha {@code (rows, L)} or {@code null}
     */
    record Output(NDArray outputs, NDArray alpha) {
    }

    /**
     * @param manager owns the intermediates
     * @param features the pooled vectors
     * @param split which inputs
     * @param indices examples of that split
     * @param dropout the run's masks when training, {@link DropoutMasks#NONE} to evaluate
     * @return the outputs
     */
    Output forward(NDManager manager, Features features, Split split, int[] indices, DropoutMasks dropout) {
        List<NDArray> pooled = features.pooled(manager, split, indices, dropout);
        Combiner.Combined c = combiner.forward(store, pooled, options, dropout);
        NDArray m = dropout.apply(c.vector(), combineDropout);
        return new Output(head.forward(store, m, dropout), c.weights());
    }
}
