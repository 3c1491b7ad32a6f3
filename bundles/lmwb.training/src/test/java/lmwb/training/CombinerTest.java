package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import lmwb.djl.DjlContext;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The combination math on the worked example of the reference notes (multi-encoder.md): e1 = [1, −1, 0.5],
 * e2 = [2, 0], P1 = I, b1 = 0, P2 = [[1,0],[0,1],[1,1]], b2 = [0.5, 0, −0.5], a = [0.2, −0.1, 0.3], c = 0.7 →
 * α = [0.377541, 0.622459], m = [1.933689, −0.377541, 1.122459]; concat = [1, −1, 0.5, 2, 0];
 * mean = [1.75, −0.5, 1.0].
 */
class CombinerTest {

    private static float[] run(Combiner method, boolean alphaWanted, float[] alphaOut) throws Exception {
        return DjlContext.call(() -> {
            try (ParameterStore s = new ParameterStore(NDManager.newBaseManager())) {
                String g = ParameterStore.HEAD_GROUP;
                if (!(method instanceof ConcatCombiner)) {
                    s.create("combiner.proj.0.weight", g, new long[] {3, 3}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
                    s.create("combiner.proj.0.bias", g, new long[] {3}, new float[] {0, 0, 0});
                    s.create("combiner.proj.1.weight", g, new long[] {3, 2}, new float[] {1, 0, 0, 1, 1, 1});
                    s.create("combiner.proj.1.bias", g, new long[] {3}, new float[] {0.5f, 0, -0.5f});
                }
                if (method instanceof DmeCombiner) {
                    s.create("combiner.score.weight", g, new long[] {1, 3}, new float[] {0.2f, -0.1f, 0.3f});
                    s.create("combiner.score.bias", g, new long[] {1}, new float[] {0.7f});
                }
                Combiner c = method;
                NDArray e1 = s.manager().create(new float[] {1, -1, 0.5f}, new ai.djl.ndarray.types.Shape(1, 3));
                NDArray e2 = s.manager().create(new float[] {2, 0}, new ai.djl.ndarray.types.Shape(1, 2));
                Combiner.Combined out = c.forward(s, List.of(e1, e2), new Combiner.Options(false), DropoutMasks.NONE);
                if (alphaWanted) {
                    System.arraycopy(out.weights().toFloatArray(), 0, alphaOut, 0, 2);
                } else {
                    assertNull(out.weights());
                }
                assertEquals(method instanceof ConcatCombiner ? 5 : 3, c.outputDim(new int[] {3, 2}));
                return out.vector().toFloatArray();
            }
        });
    }

    @Test
    void dmeMatchesTheWorkedExample() throws Exception {
        float[] alpha = new float[2];
        float[] m = run(new DmeCombiner(), true, alpha);
        assertArrayEquals(new float[] {0.377541f, 0.622459f}, alpha, 1e-6f);
        assertArrayEquals(new float[] {1.933689f, -0.377541f, 1.122459f}, m, 1e-5f);
    }

    @Test
    void concatMatchesTheWorkedExample() throws Exception {
        assertArrayEquals(new float[] {1, -1, 0.5f, 2, 0}, run(new ConcatCombiner(), false, null), 0f);
    }

    @Test
    void meanMatchesTheWorkedExample() throws Exception {
        assertArrayEquals(new float[] {1.75f, -0.5f, 1.0f}, run(new MeanCombiner(), false, null), 1e-6f);
    }

    @Test
    void layerNormUsesEpsilonOneThousandth() throws Exception {
        // One model, identity projection, LayerNorm(3, eps 1e-3) on w' = [1, -1, 0.5]:
        // mean 1/6, variance ((5/6)^2 + (7/6)^2 + (1/3)^2)/3 = 0.7222..., (w - mean)/sqrt(var + 1e-3), by hand.
        float[] m = DjlContext.call(() -> {
            try (ParameterStore s = new ParameterStore(NDManager.newBaseManager())) {
                String g = ParameterStore.HEAD_GROUP;
                s.create("combiner.proj.0.weight", g, new long[] {3, 3}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
                s.create("combiner.proj.0.bias", g, new long[] {3}, new float[] {0, 0, 0});
                s.create("combiner.norm.weight", g, new long[] {3}, new float[] {1, 1, 1});
                s.create("combiner.norm.bias", g, new long[] {3}, new float[] {0, 0, 0});
                s.create("combiner.score.weight", g, new long[] {1, 3}, new float[] {0.2f, -0.1f, 0.3f});
                s.create("combiner.score.bias", g, new long[] {1}, new float[] {0.7f});
                Combiner c = new DmeCombiner();
                NDArray e1 = s.manager().create(new float[] {1, -1, 0.5f}, new ai.djl.ndarray.types.Shape(1, 3));
                return c.forward(s, List.of(e1), new Combiner.Options(true), DropoutMasks.NONE).vector()
                        .toFloatArray();
            }
        });
        double mean = 0.5 / 3;
        double var = (Math.pow(1 - mean, 2) + Math.pow(-1 - mean, 2) + Math.pow(0.5 - mean, 2)) / 3;
        double sd = Math.sqrt(var + 1e-3);
        assertArrayEquals(new float[] {(float) ((1 - mean) / sd), (float) ((-1 - mean) / sd),
            (float) ((0.5 - mean) / sd)}, m, 1e-5f);
    }
}
