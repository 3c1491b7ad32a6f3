package lmwb.estimators;

import java.nio.file.Path;
import java.util.Arrays;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.io.Npy;

/**
 * Benchmark entry point used by {@code bench/estimators/run.sh} (not a test): scores one .npy pair with one
 * estimator, {@code warmup} untimed runs then {@code reps} timed runs, and prints
 * {@code estimator<TAB>median seconds<TAB>score<TAB>minimum seconds<TAB>details}.
 *
 * <p>Usage: {@code EstimatorBenchMain X.npy y.npy estimator [options] [warmup] [reps]}
 */
public final class EstimatorBenchMain {
    private EstimatorBenchMain() {
    }

    /**
     * @param args X.npy y.npy estimator [options] [warmup] [reps]
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        FloatMatrix x = Npy.readMatrix(Path.of(args[0]));
        Labels y = Npy.readLabels(Path.of(args[1]), false);
        Estimator e = TestData.estimators().get(args[2]);
        EstimatorOptions opts = EstimatorOptions.parse(args.length > 3 ? args[3] : "");
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        Score s = null;
        for (int i = 0; i < warmup; i++) {
            s = e.score(x, y, opts, CancellationToken.NONE);
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            s = e.score(x, y, opts, CancellationToken.NONE);
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        System.out.println(args[2] + "\t" + t[reps / 2] + "\t" + s.value() + "\t" + t[0] + "\t" + s.details());
    }
}
