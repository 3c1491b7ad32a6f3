package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Live parity with the numpy reference port {@code ref_estimators.py}: random matrices (seeded) are written
 * as .npy and scored by both. Runs only where python3 with numpy and the script are present (the script's
 * path from {@code -Dlmwb.ref.estimators=...}, default {@code /work/shared/tools/ref_estimators.py});
 * skips with a message otherwise. The always-on counterpart is {@link GoldenParityTest}.
 */
class LiveReferenceParityTest {
    private static final Path SCRIPT = Path.of(System.getProperty("lmwb.ref.estimators", "/work/shared/tools/ref_estimators.py"));

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireReference() throws InterruptedException {
        assumeTrue(Files.isRegularFile(SCRIPT), "reference script " + SCRIPT + " not found; set -Dlmwb.ref.estimators");
        boolean numpy;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            numpy = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            numpy = false;
        }
        assumeTrue(numpy, "python3 with numpy is not available");
    }

    /**
     * Kinds of random data: N&lt;D and N&gt;D, binary and many classes, regression, duplicated columns,
     * rank-deficient, tiny variance, integer grid (distance ties).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gauss_n300_d40_c2", "gauss_n80_d120_c6", "reg_n150_d20", "reg_n40_d90", "dup_n120_d24_c3",
        "rank3_n90_d30_c3", "tiny_n100_d12_c4", "grid_n150_d5_c3"})
    void matchesReference(String kind) throws Exception {
        Random rnd = new Random(kind.hashCode());
        String[] p = kind.split("_");
        boolean regression = p[0].equals("reg");
        int n = Integer.parseInt(p[1].substring(1));
        int d = Integer.parseInt(p[2].substring(1));
        int c = regression ? 0 : Integer.parseInt(p[3].substring(1));
        float[] x = new float[n * d];
        int[] y = new int[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = regression ? 0 : (i < c ? i : rnd.nextInt(c));
            for (int j = 0; j < d; j++) {
                double v = rnd.nextGaussian() + (regression ? 0 : 0.5 * Math.cos(y[i] * 1.7 + j));
                x[i * d + j] = (float) v;
                t[i] += 0.2 * (j % 3) * v;
            }
            t[i] += rnd.nextGaussian();
        }
        switch (p[0]) {
            case "dup" -> {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x, i * d, x, i * d + d / 2, d / 2);
                }
            }
            case "rank3" -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 3; j < d; j++) {
                        x[i * d + j] = x[i * d + j % 3] * (j * 0.1f) - x[i * d + (j + 1) % 3];
                    }
                }
            }
            case "tiny" -> {
                for (int q = 0; q < x.length; q++) {
                    x[q] *= q % d == 0 ? 1e-7f : 1e-3f;
                }
            }
            case "grid" -> {
                for (int q = 0; q < x.length; q++) {
                    x[q] = Math.round(x[q] * 2) / 2f;
                }
            }
            default -> { }
        }
        FloatMatrix xm = FloatMatrix.wrap(n, d, x);
        Labels labels = regression ? Labels.regression(t) : Labels.classes(y);
        Path xf = tmp.resolve(kind + ".X.npy");
        Path yf = tmp.resolve(kind + ".y.npy");
        Npy.writeMatrix(xf, xm);
        Npy.writeLabels(yf, labels);

        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"knn", "k=3", "--k", "3"});
        runs.add(new String[] {"knn", "k=4,metric=cosine", "--k", "4", "--distance", "cosine"});
        runs.add(new String[] {"logme", ""});
        runs.add(new String[] {"logme", "reset=true", "--reset-per-class"});
        if (!regression) {
            runs.add(new String[] {"hscore", ""});
        }
        for (String[] run : runs) {
            List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), xf.toString(), yf.toString(), "--estimator", run[0]));
            if (regression) {
                cmd.add("--regression");
            }
            cmd.addAll(List.of(run).subList(2, run.length));
            double expected = python(cmd);
            for (String backend : new String[] {"auto", "java"}) {
                String opts = run[1].isEmpty() ? "backend=" + backend : run[1] + ",backend=" + backend;
                double actual = TestData.estimators().get(run[0]).score(xm, labels, EstimatorOptions.parse(opts), CancellationToken.NONE).value();
                String what = kind + " " + run[0] + " [" + opts + "]";
                if (run[0].equals("knn") && !regression) {
                    assertEquals(expected, actual, 0.0, what);
                } else if (run[0].equals("knn")) {
                    assertEquals(expected, actual, 1e-12, what);
                } else {
                    double rel = Math.abs(actual - expected) / Math.abs(expected);
                    assertTrue(rel <= 1e-6, what + ": reference " + expected + ", lmwb " + actual + ", relative error " + rel);
                }
            }
        }
    }

    private static double python(List<String> cmd) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS) && proc.exitValue() == 0, cmd + " failed: " + out);
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim());
    }
}
