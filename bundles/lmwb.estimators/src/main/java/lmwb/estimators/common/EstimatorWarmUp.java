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
 * thread it loads the native OpenBLAS library and scores a small seeded matrix ({@value #ROWS} ×
 * {@value #COLS}) once with kNN, H-score and LogME, so that the JIT has compiled their loops and OpenBLAS has
 * started its threads before a one-shot {@code runtime/lmwb estimate} or {@code rank} scores real data.
 * Without it the first call in a fresh runtime paid for loading the library and ran its loops interpreted;
 * measurements in {@code bench/estimators/RESULTS.md}. Costs a fraction of a second of one core, once per
 * runtime; failures only lose the head start (logged at debug level, never thrown).
 */
@Component(immediate = true)
public final class EstimatorWarmUp {
    /** Rows of the warm-up matrix: enough calls of the per-pair code for the JIT to compile it. */
    static final int ROWS = 600;
    /** Columns of the warm-up matrix. */
    static final int COLS = 64;
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
            LinearAlgebraBackends.loadNative();
            Random r = new Random(20240101L);
            float[] v = new float[ROWS * COLS];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            int[] y = new int[ROWS];
            for (int i = 0; i < ROWS; i++) {
                y[i] = i % 5;
            }
            FloatMatrix x = FloatMatrix.wrap(ROWS, COLS, v);
            Labels labels = Labels.classes(y);
            for (Estimator e : List.of(new KnnEstimator(), new HScoreEstimator(), new LogMeEstimator())) {
                e.score(x, labels, EstimatorOptions.NONE, cancel);
            }
        } catch (CancellationToken.CancelledException e) {
            // the bundle stopped meanwhile
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "lmwb estimators: warm-up failed; the first score will be slower", e);
        }
    }
}
