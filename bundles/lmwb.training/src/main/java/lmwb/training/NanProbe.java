package lmwb.training;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import lmwb.training.spi.ParameterStore;

/** TEMPORARY instrumentation for the NaN flake. */
final class NanProbe {
    private NanProbe() {
    }

    static void beforeStep(ParameterStore store, int epoch, int step) {
        check(store, "before step", epoch, step, Double.NaN);
    }

    static void afterUpdate(ParameterStore store, int epoch, int step, double loss) {
        check(store, "after update", epoch, step, loss);
    }

    private static void check(ParameterStore store, String when, int epoch, int step, double loss) {
        for (Map.Entry<String, NDArray> e : store.all().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            int bad = 0;
            float max = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    bad++;
                } else {
                    max = Math.max(max, Math.abs(x));
                }
            }
            if (bad > 0 || max > 1e4) {
                log(when + " epoch " + epoch + " step " + step + " loss " + loss + " param " + e.getKey() + " bad "
                        + bad + "/" + v.length + " maxabs " + max + " thread " + Thread.currentThread().getName());
                return;
            }
        }
    }

    static void log(String line) {
        try {
            Files.writeString(Path.of("/tmp/i-nan.log"), line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
