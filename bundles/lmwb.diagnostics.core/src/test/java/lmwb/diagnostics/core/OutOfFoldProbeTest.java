package lmwb.diagnostics.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import org.junit.jupiter.api.Test;

/** The probe against scikit-learn, and the out-of-fold machinery's invariants. */
class OutOfFoldProbeTest {
    /**
     * {@code src/test/resources/reference/probe_reference.py} fitted scikit-learn's multinomial LogisticRegression
     * (C = 1/(n·λ), the same objective) on 60 standardised rows of a seeded 3-class problem and wrote the 30 test
     * rows' probabilities; the probe must give the same probabilities.
     */
    @Test
    void probabilitiesMatchScikitLearn() throws Exception {
        JsonObject ref;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/reference/probe_reference.json"), StandardCharsets.UTF_8)) {
            ref = JsonParser.parseReader(in).getAsJsonObject();
        }
        JsonArray xs = ref.getAsJsonArray("x");
        int n = xs.size();
        int d = xs.get(0).getAsJsonArray().size();
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = xs.get(i).getAsJsonArray().get(j).getAsFloat();
            }
        }
        int[] y = IntStream.range(0, n).map(i -> ref.getAsJsonArray("y").get(i).getAsInt()).toArray();
        int train = ref.get("train").getAsInt();
        List<Integer> tr = IntStream.range(0, train).boxed().toList();
        List<Integer> te = IntStream.range(train, n).boxed().toList();
        double[][] s = OutOfFoldProbe.standardise(x, d, tr, te);
        for (var f : ref.getAsJsonArray("fits")) {
            JsonObject fit = f.getAsJsonObject();
            double lambda = fit.get("lambda").getAsDouble();
            SoftmaxProbe probe = new SoftmaxProbe(s[0], train, d, Arrays.copyOf(y, train), 3, lambda, null);
            probe.fit(1000, CancellationToken.NONE);
            double[] p = probe.probabilities(s[1], n - train);
            JsonArray expected = fit.getAsJsonArray("test_probabilities");
            for (int r = 0; r < n - train; r++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected.get(r).getAsJsonArray().get(c).getAsDouble(), p[r * 3 + c], 1e-5,
                            "lambda " + lambda + " row " + r + " class " + c);
                }
            }
        }
    }

    @Test
    void everyExampleGetsAHeldOutDistributionAndTheSeedFixesIt() {
        Random rnd = new Random(3);
        int n = 120;
        int d = 5;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (rnd.nextGaussian() + (j == 0 ? 4 * y[i] : 0));
            }
        }
        FloatMatrix m = FloatMatrix.wrap(n, d, x);
        OutOfFoldProbe.Result a = OutOfFoldProbe.run(m, y, 2, 5, 42, CancellationToken.NONE);
        OutOfFoldProbe.Result b = OutOfFoldProbe.run(m, y, 2, 5, 42, CancellationToken.NONE);
        assertArrayEquals(a.probabilities(), b.probabilities(), 0.0, "same seed, same probabilities (folds run in parallel)");
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, a.p(i, 0) + a.p(i, 1), 1e-12);
        }
        for (double l : a.lambdas()) {
            int li = Arrays.binarySearch(Arrays.stream(OutOfFoldProbe.LAMBDAS).map(v -> -v).toArray(), -l);
            assertTrue(li >= 0, "a penalty of the grid: " + l);
        }
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += (a.p(i, 1) > 0.5 ? 1 : 0) == y[i] ? 1 : 0;
        }
        assertTrue(correct > 0.9 * n, "feature 0 separates the classes by 4 deviations (Bayes accuracy 0.977): " + correct);
    }

    @Test
    void foldsAreStratified() {
        int[] y = new int[103];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 70 ? 0 : i < 100 ? 1 : 2;
        }
        int[] fold = Folds.stratified(y, 3, 5, 1);
        for (int c = 0; c < 3; c++) {
            int[] per = new int[5];
            for (int i = 0; i < y.length; i++) {
                if (y[i] == c) {
                    per[fold[i]]++;
                }
            }
            int min = Arrays.stream(per).min().orElseThrow();
            int max = Arrays.stream(per).max().orElseThrow();
            assertTrue(max - min <= 1, "class " + c + " spread evenly: " + Arrays.toString(per));
        }
    }
}
