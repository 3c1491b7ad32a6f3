package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.ParameterStore;
import lmwb.training.spi.TaskHead;

/**
 * A Linear layer on the combined vector ({@code head.weight}, {@code head.bias}) with a softmax
 * cross-entropy or a mean-squared-error loss.
 */
abstract class LinearHead implements TaskHead {
    static final String WEIGHT = "head.weight";
    static final String BIAS = "head.bias";

    /** @return whether the outputs are class logits */
    abstract boolean classifies();

    @Override
    public int outputs(int classes) {
        if (!classifies()) {
            return 1;
        }
        if (classes < 2) {
            throw new IllegalArgumentException("head " + name() + " needs at least 2 classes, the dataset has " + classes);
        }
        return classes;
    }

    @Override
    public void init(ParameterStore store, int inputDim, int outputs, Random random) {
        double bound = 1 / Math.sqrt(inputDim);
        store.uniform(WEIGHT, ParameterStore.HEAD_GROUP, new long[] {outputs, inputDim}, bound, random);
        store.uniform(BIAS, ParameterStore.HEAD_GROUP, new long[] {outputs}, bound, random);
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray features, DropoutMasks dropout) {
        return Linear.linear(features, store.get(WEIGHT), store.get(BIAS)).singletonOrThrow();
    }

    @Override
    public NDArray loss(NDArray outputs, NDArray targets) {
        if (classifies()) {
            int classes = (int) outputs.getShape().get(1);
            NDArray oneHot = targets.toType(ai.djl.ndarray.types.DataType.INT64, false).oneHot(classes);
            return outputs.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
        }
        NDArray diff = outputs.reshape(-1).sub(targets);
        return diff.mul(diff).mean();
    }
}
