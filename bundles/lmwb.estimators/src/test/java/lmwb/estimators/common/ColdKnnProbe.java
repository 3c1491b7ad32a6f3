package lmwb.estimators.common;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.io.Npy;
import lmwb.estimators.knn.KnnEstimator;

/**
 * Benchmark probe (not a test) for kNN's first call in a fresh JVM, used for bench/estimators/RESULTS.md: runs
 * the start-up warm-up on this thread ({@code on}; {@code off} only loads OpenBLAS), pauses as the runtime's
 * start would, then prints the wall / process-CPU seconds of 5 kNN calls (CPU includes the JIT's threads). With
 * a fifth argument it also prints the JIT's code list for kNN after the pause.
 *
 * <p>Usage: {@code ColdKnnProbe X.npy y.npy on|off pauseMillis [list]}; it calls the warm-up through its private
 * {@code run()} so that it also runs against older builds.
 */
public final class ColdKnnProbe {
    private ColdKnnProbe() {
    }

    /**
     * @param args X.npy y.npy on|off pauseMillis [list]
     * @throws Exception on I/O or reflection errors
     */
    public static void main(String[] args) throws Exception {
        FloatMatrix x = Npy.readMatrix(Path.of(args[0]));
        Labels y = Npy.readLabels(Path.of(args[1]), false);
        if (!"off".equals(args[2])) {
            long t0 = System.nanoTime();
            System.setProperty(EstimatorWarmUp.DISABLE_PROPERTY, "false");
            java.lang.reflect.Method run = EstimatorWarmUp.class.getDeclaredMethod("run");
            run.setAccessible(true);
            run.invoke(new EstimatorWarmUp());
            System.out.printf("warm-up %.3f s%n", (System.nanoTime() - t0) / 1e9);
        } else {
            lmwb.estimators.linalg.LinearAlgebraBackends.loadNative();
        }
        Thread.sleep(Long.parseLong(args[3]));
        String list = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist", null, null);
        list.lines().filter(l -> l.contains("lmwb.estimators.knn") && args.length > 4).forEach(System.out::println);
        KnnEstimator e = new KnnEstimator();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("calls start at uptime %.3f s%n", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            e.score(x, y, EstimatorOptions.NONE, CancellationToken.NONE);
            System.out.printf("%.3f/%.3f ", (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
        }
        System.out.println();
    }
}
