package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;

/** {@code m = (1/L) Σ (P_i e_i + b_i)}: each model projected to {@code d' = max d_i}, then averaged. */
@org.osgi.service.component.annotations.Component(service = Combiner.class, property = Combiner.NAME + "=mean")
public class MeanCombiner extends ProjectingCombiner {

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public String description() {
        return "each model projected to the widest model's size, then averaged";
    }

    @Override
    public void init(ParameterStore store, int[] dims, Options options, Random random) {
        initProjections(store, dims, random);
    }

    @Override
    public Combined forward(ParameterStore store, List<NDArray> pooled, Options options, DropoutMasks dropout) {
        NDArray stacked = NDArrays.stack(new NDList(project(store, pooled)), 1);
        return new Combined(stacked.mean(new int[] {1}), null);
    }
}
