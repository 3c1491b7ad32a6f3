package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.api.analysis.modelvectors.WeightTensor;
import org.junit.jupiter.api.Test;

class ModelVectorsTest {

    @Test
    void sizeFormulaMatchesTheSpecification() {
        // the spec: (3H + H + F + H) · r = 27,648 for H = 384, F = 1,536, r = 8
        Architecture minilm = new Architecture("all-minilm-l6-v2", 6, 384, 1536);
        assertEquals(27_648, ModelVectors.size(minilm, 8, Variant.REFERENCE));
        assertEquals(27_648, ModelVectors.size(minilm, 8, Variant.SIGNFIX));
        assertEquals(27_648, ModelVectors.size(minilm, 8, Variant.SCALED));
        assertEquals(6 * 27_648, ModelVectors.size(minilm, 8, Variant.CONCAT));
        Architecture tiny = new Architecture("tiny", 2, 4, 8);
        Map<String, WeightTensor> base = TinyModels.random(2, 4, 8, 1);
        Map<String, WeightTensor> tuned = TinyModels.tuned(base, base, 0.1, 2);
        DeltaLoader.Delta d = DeltaLoader.decompose(tiny, null, "h", base, tuned, 3, true);
        for (Variant v : Variant.values()) {
            // (3·4 + 4 + 8 + 4) · 3 = 84, ×2 layers for concat
            assertEquals(v == Variant.CONCAT ? 168 : 84, ModelVectors.build(tiny, d.svds(), 3, v).length, v.label());
        }
        assertEquals(2 * (4 * 16 + 2 * 32), d.flat().length, "flattened ΔW: L · (4H² + 2HF)");
    }

    @Test
    void referenceVectorIsTheLayerMeanOfStackedU() {
        Architecture tiny = new Architecture("tiny", 2, 4, 8);
        Map<String, WeightTensor> base = TinyModels.random(2, 4, 8, 1);
        DeltaLoader.Delta d = DeltaLoader.decompose(tiny, null, "h", base, TinyModels.tuned(base, base, 0.1, 2), 2, false);
        double[] v = ModelVectors.build(tiny, d.svds(), 2, Variant.REFERENCE);
        // row 13 of the stack is row 1 of the key block (rows 0-3 query, 4-7 key); column 1 is u_2
        double expected = (d.svds()[0][Family.KEY.ordinal()].u()[1][1] + d.svds()[1][Family.KEY.ordinal()].u()[1][1]) / 2;
        assertEquals(expected, v[5 * 2 + 1], 1e-15);
        double[] scaled = ModelVectors.build(tiny, d.svds(), 2, Variant.SCALED);
        DeltaSvd k0 = d.svds()[0][Family.KEY.ordinal()].canonicalSigns();
        DeltaSvd k1 = d.svds()[1][Family.KEY.ordinal()].canonicalSigns();
        assertEquals((k0.sigma()[1] * k0.u()[1][1] + k1.sigma()[1] * k1.u()[1][1]) / 2, scaled[5 * 2 + 1], 1e-15);
    }

    @Test
    void signfixVectorsIgnoreFlippedSingularPairsAndNegatedDeltas() {
        Architecture tiny = new Architecture("tiny", 2, 4, 8);
        Map<String, WeightTensor> base = TinyModels.random(2, 4, 8, 1);
        Map<String, WeightTensor> tuned = TinyModels.tuned(base, base, 0.1, 2);
        DeltaLoader.Delta d = DeltaLoader.decompose(tiny, null, "h", base, tuned, 3, false);
        // flip the sign of every other singular pair: (u, v) → (−u, −v) leaves ΔW unchanged
        DeltaSvd[][] flipped = new DeltaSvd[2][6];
        for (int l = 0; l < 2; l++) {
            for (int f = 0; f < 6; f++) {
                DeltaSvd s = d.svds()[l][f];
                double[][] u = new double[s.u().length][];
                double[][] v = new double[s.v().length][];
                for (int j = 0; j < u.length; j++) {
                    u[j] = s.u()[j].clone();
                    v[j] = s.v()[j].clone();
                    if ((j + l + f) % 2 == 0) {
                        for (int i = 0; i < u[j].length; i++) {
                            u[j][i] = -u[j][i];
                        }
                        for (int i = 0; i < v[j].length; i++) {
                            v[j][i] = -v[j][i];
                        }
                    }
                }
                flipped[l][f] = new DeltaSvd(s.rows(), s.cols(), s.sigma(), u, v);
            }
        }
        for (Variant v : new Variant[] {Variant.SIGNFIX, Variant.SCALED, Variant.CONCAT}) {
            assertArrayEquals(ModelVectors.build(tiny, d.svds(), 3, v), ModelVectors.build(tiny, flipped, 3, v), 0.0,
                    v.label());
        }
        assertFalse(Arrays.equals(ModelVectors.build(tiny, d.svds(), 3, Variant.REFERENCE),
                ModelVectors.build(tiny, flipped, 3, Variant.REFERENCE)), "the reference recipe depends on signs");

        // −ΔW has the same singular values and vectors up to sign: tuned' = 2·base − tuned
        Map<String, WeightTensor> mirrored = new LinkedHashMap<>();
        tuned.forEach((k, t) -> {
            float[] b = base.get(k).data();
            float[] m = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                m[i] = (float) (2.0 * b[i] - t.data()[i]);
            }
            mirrored.put(k, new WeightTensor(k, t.shape(), m));
        });
        DeltaLoader.Delta neg = DeltaLoader.decompose(tiny, null, "h", base, mirrored, 3, false);
        assertArrayEquals(ModelVectors.build(tiny, d.svds(), 3, Variant.SIGNFIX),
                ModelVectors.build(tiny, neg.svds(), 3, Variant.SIGNFIX), 1e-5);
    }

    @Test
    void refusesMismatchedArchitecturesNamingTensorAndShapes() {
        Map<String, WeightTensor> base = TinyModels.random(2, 4, 8, 1);
        Architecture arch = Architecture.of("tiny-base", base);
        assertEquals(new Architecture("tiny-base", 2, 4, 8), arch);

        Map<String, WeightTensor> wider = TinyModels.random(2, 4, 16, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> arch.check("wide-model", wider, "model"));
        assertEquals("model 'wide-model': tensor encoder.layer.0.intermediate.dense.weight has shape [16, 4] but base "
                + "'tiny-base' has [8, 4]: a weight delta needs the base's architecture", e.getMessage());

        Map<String, WeightTensor> deeper = TinyModels.random(3, 4, 8, 1);
        e = assertThrows(IllegalArgumentException.class, () -> arch.check("deep-model", deeper, "model"));
        assertEquals("model 'deep-model' has 3 layers but base 'tiny-base' has 2: a weight delta needs the base's "
                + "architecture", e.getMessage());

        Map<String, WeightTensor> missing = new LinkedHashMap<>(base);
        missing.remove(Family.VALUE.tensor(1));
        e = assertThrows(IllegalArgumentException.class, () -> arch.check("pruned", missing, "model"));
        assertTrue(e.getMessage().contains("has no tensor encoder.layer.1.attention.self.value.weight"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Architecture.of("gpt", Map.of()));
        assertTrue(e.getMessage().contains("no encoder.layer.0.attention.self.query.weight"), e.getMessage());
    }
}
