package lmwb.example.gatecombiner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import org.osgi.service.component.annotations.Component;

/**
 * A gate over all models together, a third-party-style combiner built against the training SPI. DME scores
 * each model from its own projected vector; here the weights of all L models come from every model's vector
 * at once, so one model's vector can raise or lower another's weight. With {@code d' = max d_i}:
 * <pre>
 *   w'_i = P_i e_i + b_i                        one Linear(d_i → d') per model   (combiner.proj.i.*)
 *   g    = G [e_1; …; e_L] + c                  one Linear(Σ d_i → L)             (combiner.gate.*)
 *   α    = softmax(g)
 *   m    = Σ_i α_i w'_i
 * </pre>
 * α is reported as the models' weights (so {@code predict} prints each model's weight per input). Parameters
 * start from PyTorch's Linear initialisation (uniform in ±1/sqrt(fan_in)) drawn from the run's seeded source.
 * The {@code layerNorm} option does not apply and is ignored.
 */
@Component(service = Combiner.class, property = Combiner.NAME + "=gate")
public class GateCombiner implements Combiner {

    @Override
    public String name() {
        return "gate";
    }

    @Override
    public String description() {
        return "projected vectors weighted by a softmax gate computed from all models' vectors together";
    }

    @Override
    public int outputDim(int[] dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("the gate combiner needs at least one model");
        }
        return Arrays.stream(dims).max().getAsInt();
    }

    @Override
    public void init(ParameterStore store, int[] dims, Options options, Random random) {
        int projected = outputDim(dims);
        for (int i = 0; i < dims.length; i++) {
            double bound = 1 / Math.sqrt(dims[i]);
            store.uniform("combiner.proj." + i + ".weight", ParameterStore.HEAD_GROUP, new long[] {projected, dims[i]},
                    bound, random);
            store.uniform("combiner.proj." + i + ".bias", ParameterStore.HEAD_GROUP, new long[] {projected}, bound,
                    random);
        }
        int all = Arrays.stream(dims).sum();
        double bound = 1 / Math.sqrt(all);
        store.uniform("combiner.gate.weight", ParameterStore.HEAD_GROUP, new long[] {dims.length, all}, bound, random);
        store.uniform("combiner.gate.bias", ParameterStore.HEAD_GROUP, new long[] {dims.length}, bound, random);
    }

    @Override
    public Combined forward(ParameterStore store, List<NDArray> pooled, Options options, DropoutMasks dropout) {
        List<NDArray> projected = new ArrayList<>(pooled.size());
        for (int i = 0; i < pooled.size(); i++) {
            projected.add(Linear.linear(pooled.get(i), store.get("combiner.proj." + i + ".weight"),
                    store.get("combiner.proj." + i + ".bias")).singletonOrThrow());
        }
        NDArray all = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(new NDList(pooled), 1);
        NDArray alpha = Linear.linear(all, store.get("combiner.gate.weight"), store.get("combiner.gate.bias"))
                .singletonOrThrow().softmax(1);
        NDArray stacked = NDArrays.stack(new NDList(projected), 1);
        return new Combined(stacked.mul(alpha.expandDims(2)).sum(new int[] {1}), alpha);
    }
}
