package lmwb.analysis.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import lmwb.api.FloatMatrix;
import lmwb.api.io.Npy;
import org.junit.jupiter.api.Test;

class CkaTest {
    private static FloatMatrix gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatMatrix.wrap(n, d, v);
    }

    /** x · Q for a random orthogonal Q (Gram–Schmidt of a Gaussian matrix), times a scale, plus a shift. */
    private static FloatMatrix rotateScaleShift(FloatMatrix x, double scale, long seed) {
        int d = x.cols();
        Random r = new Random(seed);
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = r.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            for (int j = 0; j < d; j++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        float[] out = new float[x.rows() * d];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += x.get(i, k) * q[k][j];
                }
                out[i * d + j] = (float) (scale * s + 3.0 * j);
            }
        }
        return FloatMatrix.wrap(x.rows(), d, out);
    }

    @Test
    void identicalRotatedAndScaledInputsGiveOne() {
        FloatMatrix x = gaussian(200, 20, 1);
        FloatMatrix y = rotateScaleShift(x, 7.5, 2);
        for (Cka.Measure m : Cka.Measure.values()) {
            // CKA is invariant to orthogonal transforms, isotropic scaling and (through centring) shifts.
            assertEquals(1.0, Cka.of(x, x, m), 1e-9, m + " identical");
            assertEquals(1.0, Cka.of(x, y, m), 1e-5, m + " rotated, scaled, shifted");
        }
    }

    @Test
    void debiasedIsNearZeroForIndependentDataWhereBiasedIsNot() {
        // The spec's case: n = 300, d = 50 independent Gaussians; biased CKA ≈ 0.13, debiased ≈ 0.00.
        FloatMatrix x = gaussian(300, 50, 11);
        FloatMatrix y = gaussian(300, 50, 12);
        double biased = Cka.of(x, y, Cka.Measure.CKA);
        double debiased = Cka.of(x, y, Cka.Measure.CKA_DEBIASED);
        assertTrue(biased > 0.10 && biased < 0.17, "biased CKA of independent data " + biased);
        assertTrue(Math.abs(debiased) < 0.02, "debiased CKA of independent data " + debiased);
    }

    @Test
    void matchesGoldenValuesFromTheAuthorsReferenceFormula() throws Exception {
        // x.npy, y.npy and the values come from src/test/resources/golden/cka_golden.py (numpy float64,
        // the CKA authors' feature_space_linear_cka; the biased value also agrees with a centred-Gram check).
        FloatMatrix x = Npy.readMatrix(resource("golden/x.npy"));
        FloatMatrix y = Npy.readMatrix(resource("golden/y.npy"));
        assertEquals(0.7662538795788364, Cka.of(x, y, Cka.Measure.CKA), 1e-6);
        assertEquals(0.7440045243116522, Cka.of(x, y, Cka.Measure.CKA_DEBIASED), 1e-6);
        assertEquals(Cka.of(x, y, Cka.Measure.CKA), Cka.of(y, x, Cka.Measure.CKA), 1e-12, "symmetric");
    }

    @Test
    void constantLayerIsUndefinedNotSimilar() {
        // A [CLS] embedding output is the same vector for every sentence: centred, it is all zeros and
        // CKA is 0/0. It must come out NaN (reported as undefined), never as a similarity.
        float[] same = new float[50 * 4];
        for (int i = 0; i < same.length; i++) {
            same[i] = (i % 4) * 0.25f;
        }
        FloatMatrix constant = FloatMatrix.wrap(50, 4, same);
        assertTrue(Cka.prepare(constant).isConstant());
        assertTrue(Double.isNaN(Cka.of(constant, gaussian(50, 4, 3), Cka.Measure.CKA)));
        assertTrue(Double.isNaN(Cka.of(constant, gaussian(50, 4, 3), Cka.Measure.CKA_DEBIASED)));
    }

    static Path resource(String name) throws Exception {
        return Path.of(CkaTest.class.getClassLoader().getResource(name).toURI());
    }
}
