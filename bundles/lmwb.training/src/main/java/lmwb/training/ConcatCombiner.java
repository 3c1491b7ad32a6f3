package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;

/** {@code m = [e_1; …; e_L]}, no parameters (one model: its own vector). */
@org.osgi.service.component.annotations.Component(service = Combiner.class, property = Combiner.NAME + "=concat")
public class ConcatCombiner implements Combiner {

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String description() {
        return "the models' vectors side by side, no parameters";
    }

    @Override
    public int outputDim(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a combiner needs at least one model");
        }
        return Arrays.stream(dims).sum();
    }

    @Override
    public void init(ParameterStore store, int[] dims, Options options, Random random) {
        outputDim(dims);
    }

    @Override
    public Combined forward(ParameterStore store, List<NDArray> pooled, Options options, DropoutMasks dropout) {
        NDArray m = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(new NDList(pooled), 1);
        return new Combined(m, null);
    }
}
