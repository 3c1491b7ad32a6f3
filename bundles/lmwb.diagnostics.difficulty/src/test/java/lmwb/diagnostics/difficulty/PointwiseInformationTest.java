package lmwb.diagnostics.difficulty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.diagnostics.core.OutOfFoldProbe;
import org.junit.jupiter.api.Test;

/** PVI by hand, and the property the V-information paper states: labels independent of the input give ≈ 0 bits. */
class PointwiseInformationTest {
    private static final double LOG2_3_2 = Math.log(1.5) / Math.log(2);

    /**
     * Labels 0,0,0,1,1,0 in folds 0,1,0,1,0,1: fold 0's training rows (1, 3, 5) have labels 0, 1, 0 → g[∅] = (2/3,
     * 1/3); fold 1's (0, 2, 4) have 0, 0, 1 → the same. PVI = −log₂ g[∅](y) + log₂ g′[x](y): example 0 (y = 0,
     * g′ = 0.5): log₂ 1.5 − 1; example 3 (y = 1, g′ = 0.25): log₂ 3 − 2; example 1 (y = 0, g′ = 2/3): 0.
     */
    @Test
    void byHand() {
        double[] p = {0.5, 0.5, 2.0 / 3, 1.0 / 3, 0.9, 0.1, 0.75, 0.25, 0.2, 0.8, 0.4, 0.6};
        int[] labels = {0, 0, 0, 1, 1, 0};
        int[] folds = {0, 1, 0, 1, 0, 1};
        double[] pvi = PointwiseInformation.pvi(new OutOfFoldProbe.Result(p, 2, new double[2], folds), labels);
        double log23 = Math.log(3) / Math.log(2);
        assertArrayEquals(new double[] {LOG2_3_2 - 1, 0, LOG2_3_2 + Math.log(0.9) / Math.log(2), log23 - 2,
                log23 + Math.log(0.8) / Math.log(2), LOG2_3_2 + Math.log(0.4) / Math.log(2)}, pvi, 1e-12);
        // H(Y) of 4 zeros and 2 ones: −(2/3 log₂ 2/3 + 1/3 log₂ 1/3) = 0.918296 bits
        assertEquals(0.9182958340544896, PointwiseInformation.labelEntropy(labels, 2), 1e-12);
    }

    /**
     * 400 examples, 40 Gaussian features, label = sign of feature 0 plus noise: the V-information is clearly
     * positive (bounded by H(Y) = 1 bit); with the same labels shuffled (independent of the input) it is ≈ 0 bits
     * (Ethayarajh et al., ICML 2022, §2: V-information of independent variables is 0). The calibrated probe gets
     * within 0.05 bits of 0; an over-fitted probe would go far below (its confident mistakes cost many bits).
     */
    @Test
    void shuffledLabelsCarryAboutZeroBits() {
        Random rnd = new Random(11);
        int n = 400;
        int d = 40;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) rnd.nextGaussian();
            }
            y[i] = x[i * d] + 0.5 * rnd.nextGaussian() > 0 ? 1 : 0;
        }
        FloatMatrix m = FloatMatrix.wrap(n, d, x);
        double informative = PointwiseInformation.mean(PointwiseInformation.pvi(OutOfFoldProbe.run(m, y, 2, 5, 42,
                CancellationToken.NONE), y));
        List<Integer> shuffled = new ArrayList<>();
        for (int v : y) {
            shuffled.add(v);
        }
        Collections.shuffle(shuffled, new Random(5));
        int[] ys = shuffled.stream().mapToInt(Integer::intValue).toArray();
        double independent = PointwiseInformation.mean(PointwiseInformation.pvi(OutOfFoldProbe.run(m, ys, 2, 5, 42,
                CancellationToken.NONE), ys));
        assertTrue(informative > 0.4 && informative < 1.0, "informative labels: " + informative + " bits");
        assertTrue(Math.abs(independent) < 0.05, "shuffled labels: " + independent + " bits");
    }
}
