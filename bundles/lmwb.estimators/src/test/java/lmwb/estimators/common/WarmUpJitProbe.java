package lmwb.estimators.common;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.ObjectName;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimators.knn.KnnEstimator;

/**
 * Run by {@link EstimatorWarmUpJitTest} in a fresh JVM (not a test itself): runs the start-up warm-up on this
 * thread, then one kNN call on a matrix of the shape the README benchmarks (2,000 × 768 Gaussian, 5 classes),
 * and prints the JIT's code list (HotSpot's {@code Compiler.codelist}) for {@code lmwb.estimators.knn} after
 * each, between the marker lines {@code AFTER-WARM-UP} and {@code AFTER-FIRST-CALL}.
 */
public final class WarmUpJitProbe {
    private WarmUpJitProbe() {
    }

    /**
     * @param args unused
     * @throws JMException when the HotSpot diagnostic command is unavailable
     */
    public static void main(String[] args) throws JMException {
        EstimatorWarmUp.warmUp(new CancellationToken());
        System.out.println("AFTER-WARM-UP");
        codeList().forEach(System.out::println);
        int n = 2000;
        int d = 768;
        Random r = new Random(7);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(5);
        }
        new KnnEstimator().score(FloatMatrix.wrap(n, d, v), Labels.classes(y), EstimatorOptions.NONE,
                CancellationToken.NONE);
        System.out.println("AFTER-FIRST-CALL");
        codeList().forEach(System.out::println);
    }

    /** Lines {@code compile-id level state method...} of the compiled kNN code, sorted. */
    private static Set<String> codeList() throws JMException {
        String list = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist", null, null);
        Set<String> knn = new TreeSet<>();
        list.lines().filter(l -> l.contains("lmwb.estimators.knn.")).forEach(l -> knn.add(l.replaceAll(" \\[.*", "")));
        return knn;
    }
}
