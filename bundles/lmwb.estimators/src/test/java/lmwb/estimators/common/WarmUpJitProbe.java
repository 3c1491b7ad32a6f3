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
 * thread, then one kNN call on a matrix of the shape the README benchmarks (2,000 × 768 Gaussian, 5 classes,
 * some rows duplicated),
 * and prints the JIT's code list (HotSpot's {@code Compiler.codelist}) for {@code lmwb.estimators.knn} after
 * each, between the marker lines {@code AFTER-WARM-UP} and {@code AFTER-FIRST-CALL}.
 */
public final class WarmUpJitProbe {
    /** Printed instead of the code lists on a JVM without HotSpot's diagnostic commands. */
    static final String NO_CODE_LIST = "NO-CODE-LIST";
    private static final ObjectName DIAGNOSTIC_COMMAND = diagnosticCommand();

    private WarmUpJitProbe() {
    }

    /**
     * @param args unused
     * @throws JMException when the HotSpot diagnostic command is unavailable
     */
    public static void main(String[] args) throws JMException {
        if (!ManagementFactory.getPlatformMBeanServer().isRegistered(DIAGNOSTIC_COMMAND)) {
            System.out.println(NO_CODE_LIST);
            return;
        }
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
        // every 50th row repeats the one before, as duplicated texts do in real datasets: exact distance ties
        for (int i = 49; i < n; i += 50) {
            System.arraycopy(v, (i - 1) * d, v, i * d, d);
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

    private static ObjectName diagnosticCommand() {
        try {
            return new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines {@code compile-id level state method...} of the compiled kNN code, sorted. */
    private static Set<String> codeList() throws JMException {
        String list = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                DIAGNOSTIC_COMMAND, "compilerCodelist", null, null);
        Set<String> knn = new TreeSet<>();
        list.lines().filter(l -> l.contains("lmwb.estimators.knn.")).forEach(l -> knn.add(l.replaceAll(" \\[.*", "")));
        return knn;
    }
}
