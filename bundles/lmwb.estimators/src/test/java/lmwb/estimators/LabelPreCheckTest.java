package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Estimator#checkLabels} says before any embedding what {@code score} would refuse for the labels alone,
 * and accepts what {@code score} accepts: each case is checked against the real {@code score} call.
 */
class LabelPreCheckTest {
    private static final Map<String, Estimator> ALL = TestData.estimators();

    private static FloatMatrix matrix(int n) {
        float[] v = new float[n * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.7 + 0.3);
        }
        return FloatMatrix.wrap(n, 3, v);
    }

    private static Optional<String> refusedBoth(String name, Labels y, String options) {
        Estimator e = ALL.get(name);
        EstimatorOptions o = EstimatorOptions.parse(options);
        Optional<String> pre = e.checkLabels(y, o);
        assertTrue(pre.isPresent(), name + " must refuse " + y + " " + options + " before embedding");
        assertTrue(pre.get().contains(name), "the message names the estimator: " + pre.get());
        assertThrows(IllegalArgumentException.class, () -> e.score(matrix(y.size()), y, o, CancellationToken.NONE),
                "score must refuse what checkLabels refuses");
        return pre;
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void singleClassIsRefusedBeforeEmbedding(String name) {
        String m = refusedBoth(name, Labels.classes(new int[] {1, 1, 1, 1, 1, 1}), "").get();
        assertTrue(m.contains("2 distinct classes") && m.contains("[1]"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void balancedLabelsAndRegressionAreAccepted(String name) {
        int[] y = new int[20];
        double[] t = new double[20];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
            t[i] = i * 0.5;
        }
        for (Labels labels : new Labels[] {Labels.classes(y), Labels.regression(t)}) {
            if (name.equals("hscore") && labels.isRegression()) {
                continue; // H-score is for classes; the ranker refuses it by task type before asking
            }
            assertEquals(Optional.empty(), ALL.get(name).checkLabels(labels, EstimatorOptions.NONE), name + " " + labels);
            ALL.get(name).score(matrix(labels.size()), labels, EstimatorOptions.NONE, CancellationToken.NONE);
        }
    }

    @org.junit.jupiter.api.Test
    void knnNeedsMoreSamplesThanK() {
        String m = refusedBoth("knn", Labels.classes(new int[] {0, 1, 0}), "").get();
        assertTrue(m.contains("k=3 needs at least 4 samples") && m.contains("got 3"), m);
        assertEquals(Optional.empty(), ALL.get("knn").checkLabels(Labels.classes(new int[] {0, 1, 0}), EstimatorOptions.parse("k=2")));
    }

    @org.junit.jupiter.api.Test
    void probeNeedsTwoSamplesPerClassAndUnknownOptionsAreRefused() {
        String m = refusedBoth("probe", Labels.classes(new int[] {0, 0, 0, 1, 2, 2, 2}), "folds=2").get();
        assertTrue(m.contains("class 1 has 1 sample(s)"), m);
        m = refusedBoth("hscore", Labels.classes(new int[] {0, 1, 0, 1}), "k=5").get();
        assertTrue(m.contains("does not understand option(s) [k]"), m);
    }
}
