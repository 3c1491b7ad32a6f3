package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;

/**
 * Dynamic meta-embeddings (Kiela et al. 2018), exactly as the reference defines them: {@code w'_i = P_i e_i +
 * b_i}, optionally a shared LayerNorm(d', eps 1e-3), {@code s_i = a·w'_i + c} (one shared Linear(d' → 1)),
 * {@code α = softmax_i(s)}, {@code m = Σ α_i w'_i}; α is reported as the models' weights.
 */
@org.osgi.service.component.annotations.Component(service = Combiner.class, property = Combiner.NAME + "=dme")
public class DmeCombiner extends ProjectingCombiner {
    /** LayerNorm epsilon of DME (the reference's). */
    static final float NORM_EPS = 1e-3f;

    @Override
    public String name() {
        return "dme";
    }

    @Override
    public String description() {
        return "dynamic meta-embeddings: projected vectors weighted per input by a softmax over learned scores";
    }

    @Override
    public void init(ParameterStore store, int[] dims, Options options, Random random) {
        initProjections(store, dims, random);
        int projected = outputDim(dims);
        if (options.layerNorm()) {
            store.constant("combiner.norm.weight", ParameterStore.HEAD_GROUP, new long[] {projected}, 1f);
            store.constant("combiner.norm.bias", ParameterStore.HEAD_GROUP, new long[] {projected}, 0f);
        }
        double bound = 1 / Math.sqrt(projected);
        store.uniform("combiner.score.weight", ParameterStore.HEAD_GROUP, new long[] {1, projected}, bound, random);
        store.uniform("combiner.score.bias", ParameterStore.HEAD_GROUP, new long[] {1}, bound, random);
    }

    @Override
    public Combined forward(ParameterStore store, List<NDArray> pooled, Options options, DropoutMasks dropout) {
        List<NDArray> w = project(store, pooled);
        if (options.layerNorm()) {
            List<NDArray> normed = new ArrayList<>(w.size());
            for (NDArray p : w) {
                normed.add(LayerNorm.layerNorm(p, new Shape(p.getShape().get(1)), store.get("combiner.norm.weight"),
                        store.get("combiner.norm.bias"), NORM_EPS).singletonOrThrow());
            }
            w = normed;
        }
        NDArray stacked = NDArrays.stack(new NDList(w), 1);
        NDArray scores = Linear.linear(stacked, store.get("combiner.score.weight"), store.get("combiner.score.bias"))
                .singletonOrThrow();
        NDArray alpha = scores.squeeze(2).softmax(1);
        return new Combined(stacked.mul(alpha.expandDims(2)).sum(new int[] {1}), alpha);
    }
}
