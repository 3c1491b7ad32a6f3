package lmwb.training.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.api.training.CombineMethod;

/**
 * The multi-encoder's combination of L pooled vectors {@code e_i ∈ R^{d_i}} (rows of {@code (N, d_i)}
 * arrays) into one vector, exactly as the reference defines it, with {@code d' = max d_i}:
 * <ul>
 * <li>concat: {@code m = [e_1; …; e_L]}, no parameters;</li>
 * <li>mean: {@code w'_i = P_i e_i + b_i} (one Linear(d_i → d') per model), {@code m = (1/L) Σ w'_i};</li>
 * <li>DME (Kiela et al. 2018): {@code w'_i = P_i e_i + b_i}, optionally a shared LayerNorm(d', eps 1e-3),
 * {@code s_i = a·w'_i + c} (one shared Linear(d' → 1)), {@code α = softmax_i(s)}, {@code m = Σ α_i w'_i}.</li>
 * </ul>
 * Optional dropout applies to {@code m} during training. The combiner's parameters are named
 * {@code combiner.*} and always belong to {@link ParameterStore#HEAD_GROUP}, so they train whatever the
 * encoders' learning rates are.
 */
public final class Combiner {
    /** LayerNorm epsilon of DME (the reference's). */
    public static final float NORM_EPS = 1e-3f;

    private final CombineMethod method;
    private final int[] dims;
    private final int projected;
    private final boolean layerNorm;
    private final float dropout;

    /**
     * The combined vectors and, for DME, the attention weights.
     *
     * @param vector {@code (N, outputDim)}
     * @param weights {@code (N, L)} α per row for DME, else {@code null}
     */
    public record Combined(NDArray vector, NDArray weights) {
    }

    /**
     * @param method concat, mean or dme
     * @param dims d_i per model
     * @param layerNorm whether DME normalises the projected vectors
     * @param dropout dropout on m during training, in [0, 1)
     */
    public Combiner(CombineMethod method, int[] dims, boolean layerNorm, float dropout) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a combiner needs at least one model");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("combine dropout must be in [0, 1), got " + dropout);
        }
        this.method = method;
        this.dims = dims.clone();
        this.projected = Arrays.stream(dims).max().getAsInt();
        this.layerNorm = layerNorm;
        this.dropout = dropout;
    }

    /** @return the method */
    public CombineMethod method() {
        return method;
    }

    /** @return the width of m: Σ d_i for concat, d' otherwise */
    public int outputDim() {
        return method == CombineMethod.CONCAT ? Arrays.stream(dims).sum() : projected;
    }

    /**
     * Creates the parameters ({@code combiner.proj.i.weight/bias}, {@code combiner.norm.weight/bias},
     * {@code combiner.score.weight/bias}) with PyTorch's default initialisation, from a seeded source.
     *
     * @param store where to create them
     * @param random the seeded source
     */
    public void init(ParameterStore store, Random random) {
        if (method == CombineMethod.CONCAT) {
            return;
        }
        for (int i = 0; i < dims.length; i++) {
            double bound = 1 / Math.sqrt(dims[i]);
            store.uniform("combiner.proj." + i + ".weight", ParameterStore.HEAD_GROUP, new long[] {projected, dims[i]},
                    bound, random);
            store.uniform("combiner.proj." + i + ".bias", ParameterStore.HEAD_GROUP, new long[] {projected}, bound,
                    random);
        }
        if (method == CombineMethod.DME) {
            if (layerNorm) {
                store.constant("combiner.norm.weight", ParameterStore.HEAD_GROUP, new long[] {projected}, 1f);
                store.constant("combiner.norm.bias", ParameterStore.HEAD_GROUP, new long[] {projected}, 0f);
            }
            double bound = 1 / Math.sqrt(projected);
            store.uniform("combiner.score.weight", ParameterStore.HEAD_GROUP, new long[] {1, projected}, bound, random);
            store.uniform("combiner.score.bias", ParameterStore.HEAD_GROUP, new long[] {1}, bound, random);
        }
    }

    /**
     * @param store the parameters
     * @param pooled per model an {@code (N, d_i)} array
     * @param training whether dropout applies
     * @return m and, for DME, α
     */
    public Combined forward(ParameterStore store, List<NDArray> pooled, boolean training) {
        if (pooled.size() != dims.length) {
            throw new IllegalArgumentException("combiner built for " + dims.length + " models got " + pooled.size());
        }
        NDArray m;
        NDArray alpha = null;
        if (method == CombineMethod.CONCAT) {
            m = pooled.size() == 1 ? pooled.get(0) : NDArrays.concat(new NDList(pooled), 1);
        } else {
            List<NDArray> w = new ArrayList<>(dims.length);
            for (int i = 0; i < dims.length; i++) {
                NDArray p = Linear.linear(pooled.get(i), store.get("combiner.proj." + i + ".weight"),
                        store.get("combiner.proj." + i + ".bias")).singletonOrThrow();
                if (method == CombineMethod.DME && layerNorm) {
                    p = LayerNorm.layerNorm(p, new Shape(projected), store.get("combiner.norm.weight"),
                            store.get("combiner.norm.bias"), NORM_EPS).singletonOrThrow();
                }
                w.add(p);
            }
            NDArray stacked = NDArrays.stack(new NDList(w), 1);
            if (method == CombineMethod.MEAN) {
                m = stacked.mean(new int[] {1});
            } else {
                NDArray scores = Linear.linear(stacked, store.get("combiner.score.weight"),
                        store.get("combiner.score.bias")).singletonOrThrow();
                alpha = scores.squeeze(2).softmax(1);
                m = stacked.mul(alpha.expandDims(2)).sum(new int[] {1});
            }
        }
        if (training && dropout > 0) {
            m = Dropout.dropout(m, dropout, true).singletonOrThrow();
        }
        return new Combined(m, alpha);
    }
}
