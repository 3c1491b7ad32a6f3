package lmwb.example.gatecombiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import lmwb.djl.DjlContext;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The gate on the multi-encoder worked example of the training bundle's CombinerTest: e1 = [1, −1, 0.5],
 * e2 = [2, 0], P1 = I, b1 = 0, P2 = [[1,0],[0,1],[1,1]], b2 = [0.5, 0, −0.5], so w'_1 = [1, −1, 0.5] and
 * w'_2 = [2.5, 0, 1.5]; the gate G = [[0.1, 0, 0, 0, 0], [0, 0, 0, 0.2, 0]], c = 0 gives g = [0.1, 0.4]
 * (0.1·e1[0] and 0.2·e2[0]), α = softmax(g), m = α_1 w'_1 + α_2 w'_2 (by hand below).
 */
class GateCombinerTest {
    private static final String G = ParameterStore.HEAD_GROUP;

    @Test
    void gateMatchesTheWorkedExample() throws Exception {
        float[][] out = DjlContext.call(() -> {
            try (ParameterStore s = new ParameterStore(NDManager.newBaseManager())) {
                s.create("combiner.proj.0.weight", G, new long[] {3, 3}, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
                s.create("combiner.proj.0.bias", G, new long[] {3}, new float[] {0, 0, 0});
                s.create("combiner.proj.1.weight", G, new long[] {3, 2}, new float[] {1, 0, 0, 1, 1, 1});
                s.create("combiner.proj.1.bias", G, new long[] {3}, new float[] {0.5f, 0, -0.5f});
                s.create("combiner.gate.weight", G, new long[] {2, 5}, new float[] {0.1f, 0, 0, 0, 0, 0, 0, 0, 0.2f, 0});
                s.create("combiner.gate.bias", G, new long[] {2}, new float[] {0, 0});
                NDArray e1 = s.manager().create(new float[] {1, -1, 0.5f}, new Shape(1, 3));
                NDArray e2 = s.manager().create(new float[] {2, 0}, new Shape(1, 2));
                Combiner.Combined c = new GateCombiner().forward(s, List.of(e1, e2), new Combiner.Options(true),
                        DropoutMasks.NONE);
                return new float[][] {c.vector().toFloatArray(), c.weights().toFloatArray()};
            }
        });
        double z = Math.exp(0.1) + Math.exp(0.4);
        double a1 = Math.exp(0.1) / z;
        double a2 = Math.exp(0.4) / z;
        assertArrayEquals(new float[] {(float) a1, (float) a2}, out[1], 1e-6f);
        assertArrayEquals(new float[] {(float) (a1 + 2.5 * a2), (float) -a1, (float) (0.5 * a1 + 1.5 * a2)}, out[0],
                1e-5f);
    }

    @Test
    void parametersComeFromTheSeededSource() throws Exception {
        float[][] w = new float[2][];
        for (int k = 0; k < 2; k++) {
            int run = k;
            w[k] = DjlContext.call(() -> {
                try (ParameterStore s = new ParameterStore(NDManager.newBaseManager())) {
                    new GateCombiner().init(s, new int[] {3, 2}, new Combiner.Options(true), new Random(7 + run));
                    assertEquals(List.of("combiner.proj.0.weight", "combiner.proj.0.bias", "combiner.proj.1.weight",
                            "combiner.proj.1.bias", "combiner.gate.weight", "combiner.gate.bias"),
                            List.copyOf(s.all().keySet()));
                    return s.get("combiner.gate.weight").toFloatArray();
                }
            });
        }
        assertEquals(10, w[0].length);
        assertNotEquals(w[0][0], w[1][0]);
        assertEquals(3, new GateCombiner().outputDim(new int[] {3, 2}));
    }
}
