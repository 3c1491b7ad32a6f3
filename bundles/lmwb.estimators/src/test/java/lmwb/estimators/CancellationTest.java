package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import lmwb.api.CancellationToken;
import lmwb.api.CancellationToken.CancelledException;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.estimators.logme.LogMeEstimator;
import lmwb.estimators.probe.LinearProbeEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13 item 4: a cancelled token stops a built-in estimator that is already working, instead of the
 * estimator running to the end and returning a score. Each test starts a large score() on its own thread,
 * watches that thread's stack until it is inside the named phase of the work, cancels the token from the test
 * thread, and requires a {@link CancelledException}. No timing is asserted: the join below is only a guard
 * against a hang.
 */
class CancellationTest {
    private static final long HANG_GUARD_MILLIS = 600_000;

    /** Seeded Gaussian embeddings, labels i mod classes. */
    private static FloatMatrix gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatMatrix.wrap(n, d, v);
    }

    private static Labels classes(int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
        }
        return Labels.classes(y);
    }

    /**
     * Runs the work on a thread, cancels the token once the thread's stack satisfies {@code inside}, and
     * returns what the work ended with (its exception, or {@code null} when it returned a value).
     */
    private static Throwable cancelInside(Estimator estimator, FloatMatrix x, Labels y, Map<String, String> options,
            Predicate<StackTraceElement[]> inside, String phase) throws InterruptedException {
        CancellationToken token = new CancellationToken();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                estimator.score(x, y, EstimatorOptions.of(options), token);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "score-" + estimator.name());
        worker.start();
        boolean seen = false;
        while (worker.isAlive() && !seen) {
            seen = inside.test(worker.getStackTrace());
            if (!seen) {
                Thread.sleep(1);
            }
        }
        if (!seen) {
            fail(estimator.name() + " finished before it was seen in " + phase + "; make the input larger");
        }
        token.cancel();
        worker.join(HANG_GUARD_MILLIS);
        assertTrue(!worker.isAlive(), estimator.name() + " still runs after cancellation");
        return outcome.get();
    }

    private static Predicate<StackTraceElement[]> inMethod(String className, String method) {
        return stack -> {
            for (StackTraceElement e : stack) {
                if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Inside the estimator's call of a backend's {@code gramOfColumns} (filling rows or multiplying). */
    private static boolean inGram(StackTraceElement[] stack, String estimator) {
        return inMethod(estimator, "score").test(stack)
                && (inMethod("lmwb.estimators.linalg.JavaLinearAlgebra", "gramOfColumns").test(stack)
                        || inMethod("lmwb.estimators.linalg.OpenBlasLinearAlgebra", "gramOfColumns").test(stack));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void knnStopsDuringTheNeighbourSearch(String backend) throws Exception {
        Throwable t = cancelInside(new KnnEstimator(), gaussian(4000, 256, 1), classes(4000, 5),
                Map.of("backend", backend), inMethod("lmwb.estimators.knn.NearestNeighbours", "find"), "the search");
        assertInstanceOf(CancelledException.class, t, "kNN returned or failed otherwise: " + t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void hscoreStopsDuringTheCovariance(String backend) throws Exception {
        Throwable t = cancelInside(new HScoreEstimator(), gaussian(6000, 384, 2), classes(6000, 5),
                Map.of("backend", backend), stack -> inGram(stack, "lmwb.estimators.hscore.HScoreEstimator"),
                "the covariance pass");
        assertInstanceOf(CancelledException.class, t, "H-score returned or failed otherwise: " + t);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "java"})
    void logmeStopsDuringTheGramMatrix(String backend) throws Exception {
        Throwable t = cancelInside(new LogMeEstimator(), gaussian(6000, 384, 3), classes(6000, 5),
                Map.of("backend", backend), stack -> inGram(stack, "lmwb.estimators.logme.LogMeEstimator"),
                "the Gram matrix");
        assertInstanceOf(CancelledException.class, t, "LogME returned or failed otherwise: " + t);
    }

    /**
     * The probe with 2 folds and at most 3 L-BFGS iterations per fold: the token used to be checked at the
     * start of each fold and every 10th iteration only, so a cancel during the second fold's line search was
     * ignored and a score came back. The test cancels exactly there: the second time the stack shows the
     * loss evaluated from a line of the shared L-BFGS ({@code Lbfgs.minimise}) other than the fit's first evaluation.
     */
    @Test
    void probeStopsDuringTheLineSearchOfTheLastFold() throws Exception {
        List<Integer> fitLines = new ArrayList<>(); // the fit line of each evaluate() seen, collapsed runs
        Predicate<StackTraceElement[]> secondFoldLineSearch = stack -> {
            for (int i = 0; i + 1 < stack.length; i++) {
                if (stack[i].getMethodName().equals("evaluate") && stack[i + 1].getMethodName().equals("minimise")
                        && stack[i + 1].getClassName().equals("lmwb.common.optim.Lbfgs")) {
                    int line = stack[i + 1].getLineNumber();
                    if (fitLines.isEmpty() || fitLines.get(fitLines.size() - 1) != line) {
                        fitLines.add(line);
                    }
                    // [initial, line search, ..., initial (fold 2), line search]
                    int initial = fitLines.get(0);
                    return fitLines.stream().filter(l -> l == initial).count() == 2 && line != initial;
                }
            }
            return false;
        };
        Throwable t = cancelInside(new LinearProbeEstimator(), gaussian(16000, 384, 4), classes(16000, 10),
                Map.of("folds", "2", "max-iter", "3"), secondFoldLineSearch, "the second fold's line search");
        assertInstanceOf(CancelledException.class, t, "the probe returned or failed otherwise: " + t);
    }
}
