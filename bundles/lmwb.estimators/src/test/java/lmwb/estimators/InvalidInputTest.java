package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.UnsupportedTaskException;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every estimator refuses invalid input with a message that says what is wrong. */
class InvalidInputTest {
    private static final Map<String, Estimator> ALL = TestData.estimators();

    private static FloatMatrix matrix(int n, int d) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i * 0.7 + 0.3);
        }
        return FloatMatrix.wrap(n, d, v);
    }

    private static Labels balanced(int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
        }
        return Labels.classes(y);
    }

    private static IllegalArgumentException refuse(String name, FloatMatrix x, Labels y, String options) {
        return assertThrows(IllegalArgumentException.class,
                () -> ALL.get(name).score(x, y, EstimatorOptions.parse(options), CancellationToken.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void shapeMismatch(String name) {
        String m = refuse(name, matrix(20, 3), balanced(19, 2), "").getMessage();
        assertTrue(m.contains("20 rows") && m.contains("19 labels"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void nonFiniteNamesRowAndColumn(String name) {
        float[] v = matrix(20, 3).toArray();
        v[7 * 3 + 2] = Float.NaN;
        String m = refuse(name, FloatMatrix.wrap(20, 3, v), balanced(20, 2), "").getMessage();
        assertTrue(m.contains("row 7") && m.contains("column 2") && m.contains("NaN"), m);
        v[7 * 3 + 2] = Float.POSITIVE_INFINITY;
        m = refuse(name, FloatMatrix.wrap(20, 3, v), balanced(20, 2), "").getMessage();
        assertTrue(m.contains("Infinity"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void fewerThanTwoClasses(String name) {
        String m = refuse(name, matrix(20, 3), Labels.classes(new int[20]), "").getMessage();
        assertTrue(m.contains("at least 2 distinct classes"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "hscore", "logme", "probe"})
    void unknownOption(String name) {
        String m = refuse(name, matrix(20, 3), balanced(20, 2), "frobnicate=1").getMessage();
        assertTrue(m.contains("frobnicate") && m.contains("allowed"), m);
    }

    @Test
    void hscoreRefusesRegressionNamingAlternatives() {
        UnsupportedTaskException e = assertThrows(UnsupportedTaskException.class, () -> new HScoreEstimator()
                .score(matrix(20, 3), Labels.regression(new double[20])));
        assertTrue(e.getMessage().contains("logme") && e.getMessage().contains("knn"), e.getMessage());
    }

    @Test
    void knnBinaryNeedsZeroOne() {
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            y[i] = i % 2 == 0 ? 1 : 2;
        }
        String m = refuse("knn", matrix(20, 3), Labels.classes(y), "").getMessage();
        assertTrue(m.contains("0 and 1") && m.contains("[1, 2]"), m);
    }

    @Test
    void knnOptionsChecked() {
        assertTrue(refuse("knn", matrix(20, 3), balanced(20, 3), "k=20").getMessage().contains("k=20"));
        assertTrue(refuse("knn", matrix(20, 3), balanced(20, 3), "k=0").getMessage().contains("k=0"));
        assertTrue(refuse("knn", matrix(20, 3), balanced(20, 3), "metric=manhattan").getMessage().contains("manhattan"));
        assertTrue(refuse("logme", matrix(20, 3), balanced(20, 3), "backend=gpu").getMessage().contains("gpu"));
    }

    @Test
    void probeNeedsTwoSamplesPerClass() {
        int[] y = new int[20];
        for (int i = 0; i < 19; i++) {
            y[i] = i % 2;
        }
        y[19] = 2;
        String m = refuse("probe", matrix(20, 3), Labels.classes(y), "").getMessage();
        assertTrue(m.contains("class 2 has 1 sample"), m);
    }

    @Test
    void constantEmbeddingsForHscore() {
        String m = refuse("hscore", FloatMatrix.wrap(20, 3, new float[60]), balanced(20, 2), "").getMessage();
        assertTrue(m.contains("constant"), m);
    }

    @Test
    void cancellationStopsWork() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        for (String name : new String[] {"knn", "hscore", "logme", "probe"}) {
            assertThrows(CancellationToken.CancelledException.class,
                    () -> ALL.get(name).score(matrix(40, 3), balanced(40, 2), EstimatorOptions.NONE, token), name);
        }
    }

    @Test
    void knnRegressionOnExactLinearTargetIsOne() {
        // y = first coordinate of points on a line: the neighbours' mean tracks y, Pearson r near 1
        int n = 50;
        float[] v = new float[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
            y[i] = i;
        }
        double r = new KnnEstimator().score(FloatMatrix.wrap(n, 1, v), Labels.regression(y)).value();
        assertEquals(1.0, r, 1e-3);
    }
}
