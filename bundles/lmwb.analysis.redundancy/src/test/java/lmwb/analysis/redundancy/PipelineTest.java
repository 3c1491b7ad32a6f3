package lmwb.analysis.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressListener;
import lmwb.api.analysis.PruneResult;
import lmwb.api.data.Example;
import org.junit.jupiter.api.Test;

class PipelineTest {

    @Test
    void halfFloatsRoundTripWithinHalfPrecision() {
        // Exactly representable in binary16: 0, ±1, 0.5, 65504 (max), 2^-24 (smallest subnormal).
        for (float f : new float[] {0f, 1f, -1f, 0.5f, 65504f, (float) Math.pow(2, -24)}) {
            assertEquals(f, Half.toFloat(Half.fromFloat(f)), 0f, "exact " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(1e6f)));
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            float f = (float) (r.nextGaussian() * 3);
            // Relative rounding error of binary16 is at most 2^-11.
            assertEquals(f, Half.toFloat(Half.fromFloat(f)), Math.abs(f) * 0x1p-11 + 1e-7, "value " + f);
        }
    }

    @Test
    void tokenSampleCountsWordsAndSplitsWholeSentences() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(Example.tagged(List.of("w" + i, "x", "y", "z"), new int[] {0, 1, 0, 1}));
        }
        List<Example> a = AnalysisSample.take(examples, 100, true, 7);
        assertEquals(25, a.size(), "4 words per sentence up to 100 words");
        assertEquals(a, AnalysisSample.take(examples, 100, true, 7), "same seed, same sample");
    }

    /**
     * Three layers of 8 units: only units 0..2 of layer 0 carry the class (one-hot signal plus noise), the
     * rest is noise. LayerSelector must stop at layer 0 and CCFS must keep the three informative layer-0 neurons (and at most one more).
     */
    @Test
    void pipelineSelectsTheInformativeLayerAndFewNeurons() {
        int n = 1500;
        int h = 8;
        Random r = new Random(3);
        int[] y = new int[n];
        List<FloatMatrix> layers = new ArrayList<>();
        float[][] v = new float[3][n * h];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int l = 0; l < 3; l++) {
                for (int u = 0; u < h; u++) {
                    double signal = l == 0 && u < 3 && y[i] == u ? 3.0 : 0.0;
                    v[l][i * h + u] = (float) (signal + 0.5 * r.nextGaussian());
                }
            }
        }
        for (int l = 0; l < 3; l++) {
            layers.add(FloatMatrix.wrap(n, h, v[l]));
        }
        Activations acts = Activations.of(layers, false);
        PruningPipeline.Settings s = new PruningPipeline.Settings(new double[] {5, 3}, 1, 0.3,
                LinearProbe.Settings.PAPER.withEpochs(60));
        PruningPipeline.Report report = new PruningPipeline(acts, Labels.classes(y), new PruningPipeline.Rows(1000, 1250, n),
                s, ProgressListener.NONE, CancellationToken.NONE).run(null, l -> new double[] {3.0, l + 1.0});
        List<PruneResult.Selection> selections = report.selections();
        assertEquals(2, selections.size());
        assertEquals(List.of(5.0, 3.0), selections.stream().map(PruneResult.Selection::deltaLs).toList(),
                "one selection per LayerSelector threshold, in order");
        for (PruneResult.Selection sel : selections) {
            assertEquals(0, sel.selectedLayer(), report.toString());
            assertEquals(3.0, sel.forwardSpeedup(), 1e-12, "fake timer: 3 s for layers 0..2, 1 s for 0");
            int[] kept = sel.keptNeurons();
            // The three informative units, plus at most one noise unit that the 1 % bar on 250 dev rows can pull in.
            assertTrue(kept.length <= 4 && Arrays.stream(kept).filter(i -> i < 3).count() == 3
                    && Arrays.stream(kept).allMatch(i -> i < h), Arrays.toString(kept));
            assertTrue(sel.chosen().test() > 0.9, "test accuracy " + sel.chosen().test());
        }
    }
}
