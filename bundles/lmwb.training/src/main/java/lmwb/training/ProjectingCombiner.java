package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;

/**
 * The part mean and DME share: each model's vector projected to {@code d' = max d_i} by its own
 * Linear(d_i → d'), {@code w'_i = P_i e_i + b_i} ({@code combiner.proj.i.weight/bias}, PyTorch's default
 * initialisation).
 */
abstract class ProjectingCombiner implements Combiner {

    @Override
    public int outputDim(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a combiner needs at least one model");
        }
        return Arrays.stream(dims).max().getAsInt();
    }

    /** Creates {@code combiner.proj.i.weight} and {@code .bias} for every model, in model order. */
    void initProjections(ParameterStore store, int[] dims, Random random) {
        int projected = outputDim(dims);
        for (int i = 0; i < dims.length; i++) {
            double bound = 1 / Math.sqrt(dims[i]);
            store.uniform("combiner.proj." + i + ".weight", ParameterStore.HEAD_GROUP, new long[] {projected, dims[i]},
                    bound, random);
            store.uniform("combiner.proj." + i + ".bias", ParameterStore.HEAD_GROUP, new long[] {projected}, bound,
                    random);
        }
    }

    /** @return {@code w'_i} per model, {@code (N, d')} each */
    static List<NDArray> project(ParameterStore store, List<NDArray> pooled) {
        List<NDArray> w = new ArrayList<>(pooled.size());
        for (int i = 0; i < pooled.size(); i++) {
            w.add(Linear.linear(pooled.get(i), store.get("combiner.proj." + i + ".weight"),
                    store.get("combiner.proj." + i + ".bias")).singletonOrThrow());
        }
        return w;
    }
}
