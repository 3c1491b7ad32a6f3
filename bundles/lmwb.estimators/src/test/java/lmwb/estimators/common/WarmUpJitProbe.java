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
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.estimators.logme.LogMeEstimator;

/**
 * Run by {@link EstimatorWarmUpJitTest} in a fresh JVM (not a test itself): runs the start-up warm-up on this
 * thread, then one call of the estimator named by the argument ({@code knn}, {@code hscore} or {@code logme}) on
 * a matrix of the shape the README benchmarks (2,000 × 768 Gaussian, 5 classes, some rows duplicated), and prints
 * the JIT's code list (HotSpot's {@code Compiler.codelist}) for {@code lmwb.estimators} after each, between the
 * marker lines {@code AFTER-WARM-UP} and {@code AFTER-FIRST-CALL}.
 */
public final class WarmUpJitProbe {
    /** Printed instead of the code lists on a JVM without HotSpot's diagnostic commands. */
    static final String NO_CODE_LIST = "NO-CODE-LIST";
    private static final ObjectName DIAGNOSTIC_COMMAND = diagnosticCommand();

    private WarmUpJitProbe() {
    }

    /**
     * @param args the estimator: knn, hscore or logme
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
        Estimator estimator = switch (args[0]) {
            case "hscore" -> new HScoreEstimator();
            case "logme" -> new LogMeEstimator();
            default -> new KnnEstimator();
        };
        estimator.score(FloatMatrix.wrap(n, d, v), Labels.classes(y), EstimatorOptions.NONE, CancellationToken.NONE);
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

    /** Lines {@code compile-id level state method...} of the compiled estimator code, sorted. */
    private static Set<String> codeList() throws JMException {
        String list = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                DIAGNOSTIC_COMMAND, "compilerCodelist", null, null);
        Set<String> estimators = new TreeSet<>();
        list.lines().filter(l -> l.contains("lmwb.estimators.")).forEach(l -> estimators.add(l.replaceAll(" \\[.*", "")));
        return estimators;
    }
}
