package lmwb.estimators.common;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Random;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.estimators.linalg.LinearAlgebraBackends;
import lmwb.estimators.logme.LogMeEstimator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Prepares the built-in estimators for their first call while the runtime starts: on a background daemon
 * thread it loads the native OpenBLAS library, scores a seeded {@value #GRAM_ROWS} × {@value #GRAM_COLS} matrix
 * {@value #GRAM_RUNS} times with H-score and LogME and a {@value #ROWS} × {@value #KNN_COLS} integer one
 * {@value #KNN_RUNS} times with kNN, so that the JIT has compiled their loops and OpenBLAS has started its threads before a one-shot
 * {@code runtime/lmwb estimate} or {@code rank} scores real data.
 * Without it the first call in a fresh runtime paid for loading the library and ran its loops interpreted;
 * measurements in {@code bench/estimators/RESULTS.md}. Costs a fraction of a second of one core, once per
 * runtime; failures only lose the head start (logged at debug level, never thrown).
 */
@Component(immediate = true)
public final class EstimatorWarmUp {
    /** Rows of kNN's warm-up matrix: enough calls of the per-pair code for the JIT to compile it. */
    static final int ROWS = 600;
    /** Columns of kNN's warm-up matrix. */
    static final int KNN_COLS = 768;
    /** kNN calls in the warm-up. */
    static final int KNN_RUNS = 4;
    /**
     * Rows of the H-score and LogME warm-up matrix: more than its columns, so that LogME takes the path of real
     * data (more examples than dimensions: the D × D Gram matrix).
     */
    static final int GRAM_ROWS = 300;
    /**
     * Columns of the H-score and LogME warm-up matrix: their loops over D × D (and N × D) entries run often enough
     * in the warm-up for the JIT to compile them, which a 64-column matrix did not do (the first real call ran them
     * interpreted, then on-stack-replaced, measured with -XX:+PrintCompilation in bench/estimators/RESULTS.md).
     */
    static final int GRAM_COLS = 256;
    /** H-score and LogME calls in the warm-up: the per-row code reaches the optimising JIT's call count. */
    static final int GRAM_RUNS = 3;
    /** {@code -Dlmwb.estimators.warmup=false} (e.g. in {@code LMWB_JAVA_OPTS}) turns the warm-up off. */
    public static final String DISABLE_PROPERTY = "lmwb.estimators.warmup";
    private static final System.Logger LOG = System.getLogger(EstimatorWarmUp.class.getName());

    private final CancellationToken cancel = new CancellationToken();

    /** Starts the warm-up thread, unless the system property {@value #DISABLE_PROPERTY} is {@code false}. */
    @Activate
    public EstimatorWarmUp() {
        if ("false".equals(System.getProperty(DISABLE_PROPERTY))) {
            return;
        }
        Thread t = new Thread(this::run, "lmwb-estimator-warm-up");
        t.setDaemon(true);
        t.start();
    }

    @Deactivate
    void deactivate() {
        cancel.cancel();
    }

    private void run() {
        try {
            warmUp(cancel);
        } catch (CancellationToken.CancelledException e) {
            // the bundle stopped meanwhile
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "lmwb estimators: warm-up failed; the first score will be slower", e);
        }
    }

    /**
     * The warm-up's work, on the calling thread.
     *
     * @param cancel checked by the estimators
     */
    static void warmUp(CancellationToken cancel) {
        LinearAlgebraBackends.loadNative();
        Random r = new Random(20240101L);
        float[] v = new float[GRAM_ROWS * GRAM_COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        FloatMatrix x = FloatMatrix.wrap(GRAM_ROWS, GRAM_COLS, v);
        Labels gramLabels = Labels.classes(classes(GRAM_ROWS));
        for (Estimator e : List.of(new HScoreEstimator(), new LogMeEstimator())) {
            for (int run = 0; run < GRAM_RUNS; run++) {
                e.score(x, gramLabels, EstimatorOptions.NONE, cancel);
            }
        }
        Labels labels = Labels.classes(classes(ROWS));
        // kNN: rows as wide as common embeddings (their norms recurse in numpy's pairwise summation as deep as
        // real ones do) and several calls, so that its per-row methods are compiled by the optimising JIT.
        // Integer coordinates make some distances tie exactly (ties are broken by index), as they do now and
        // then in real data: a branch the warm-up never took would be compiled as a trap, and the first real
        // tie would throw the compiled code away in the middle of the first real call.
        float[] wide = new float[ROWS * KNN_COLS];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = Math.round(r.nextGaussian());
        }
        FloatMatrix xk = FloatMatrix.wrap(ROWS, KNN_COLS, wide);
        KnnEstimator knn = new KnnEstimator();
        for (int run = 0; run < KNN_RUNS; run++) {
            knn.score(xk, labels, EstimatorOptions.NONE, cancel);
        }
    }

    /** @return labels 0..4 in turn for {@code rows} rows */
    private static int[] classes(int rows) {
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 5;
        }
        return y;
    }
}
