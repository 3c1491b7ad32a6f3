package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import lmwb.api.CancellationToken;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.estimators.logme.LogMeEstimator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published test values on iris (150 × 4, 3 classes, src/test/resources/iris.csv, a copy of the
 * project's shared iris.csv), on both backends.
 */
class IrisTest {
    private static final TestData.Iris IRIS = TestData.iris();

    private static Score score(lmwb.api.estimator.Estimator e, String options) {
        return e.score(IRIS.x(), IRIS.y(), EstimatorOptions.parse(options), CancellationToken.NONE);
    }

    /** Source: the estimator spec (reference/estimators.md, "Test value: iris → H = 1.177842480406727"). */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void hscore(String backend) {
        assertEquals(1.177842480406727, score(new HScoreEstimator(), "backend=" + backend).value(), 1e-9);
    }

    /** Source: the estimator spec (reference/estimators.md, "Test value: iris → −0.16006022033609904"). */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void logme(String backend) {
        assertEquals(-0.16006022033609904, score(new LogMeEstimator(), "backend=" + backend).value(), 1e-9);
    }

    /**
     * Source: the task statement (iris kNN k=3 → 0.96, k=5 → 0.9667 rounded) and TransformerRanker, which
     * returns torchmetrics' accuracy computed in float32: 144/150 and 145/150 correct, as float32 fractions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void knn(String backend) {
        Score k3 = score(new KnnEstimator(), "k=3,backend=" + backend);
        assertEquals((double) (288f / 300f), k3.value(), 0.0);
        assertEquals(144.0, k3.details().get("correct"));
        Score k5 = score(new KnnEstimator(), "k=5,backend=" + backend);
        assertEquals((double) (290f / 300f), k5.value(), 0.0);
        assertEquals(0.9667, k5.value(), 5e-5);
        assertEquals(145.0 / 150.0, score(new KnnEstimator(), "k=5,float32-quirks=false,backend=" + backend).value(), 0.0);
    }
}
