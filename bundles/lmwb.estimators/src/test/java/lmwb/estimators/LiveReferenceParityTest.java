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
import org.junit.jupiter.api.Test;

/**
 * Live parity with the numpy reference port {@code ref_estimators.py}: random matrices (seeded) are written
 * as .npy and scored by both; the script's command line ({@code main(argv)}) is run for every case inside
 * one python3 process, to pay numpy's start-up once. Runs only where python3 with numpy and the script are present (the script's
 * path from {@code -Dlmwb.ref.estimators=...}, default {@code shared/tools/ref_estimators.py} beside the checkout,
 * i.e. {@code ../../../shared} from this module);
 * skips with a message otherwise. The always-on counterpart is {@link GoldenParityTest}.
 */
class LiveReferenceParityTest {
    private static final Path SCRIPT = Path.of(System.getProperty("lmwb.ref.estimators", "../../../shared/tools/ref_estimators.py"))
            .toAbsolutePath().normalize();

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

    private static final String[] KINDS = {"gauss_n300_d40_c2", "gauss_n80_d120_c6", "reg_n150_d20", "reg_n40_d90",
        "dup_n120_d24_c3", "rank3_n90_d30_c3", "tiny_n100_d12_c4", "grid_n150_d5_c3"};

    /** Runs a list of ref_estimators.py command lines (one per line, tab-separated) in one interpreter. */
    private static final String DRIVER = String.join("\n",
            "import contextlib, importlib.util, io, sys",
            "spec = importlib.util.spec_from_file_location('ref_estimators', sys.argv[1])",
            "R = importlib.util.module_from_spec(spec); spec.loader.exec_module(R)",
            "for line in open(sys.argv[2]):",
            "    buf = io.StringIO()",
            "    with contextlib.redirect_stdout(buf):",
            "        R.main(line.rstrip('\\n').split('\\t'))",
            "    print(buf.getvalue().strip())");

    private record Run(String what, String estimator, String options, FloatMatrix x, Labels y, boolean regression) {
    }

    /**
     * Kinds of random data: N&lt;D and N&gt;D, binary and many classes, regression, duplicated columns,
     * rank-deficient, tiny variance, integer grid (distance ties). kNN must match exactly, H-score and
     * LogME to 1e-6 relative, on both backends.
     */
    @Test
    void matchesReference() throws Exception {
        List<Run> runs = new ArrayList<>();
        List<String> commandLines = new ArrayList<>();
        for (String kind : KINDS) {
            addCase(kind, runs, commandLines);
        }
        Path manifest = tmp.resolve("runs.tsv");
        Files.write(manifest, commandLines);
        Process proc = new ProcessBuilder("python3", "-c", DRIVER, SCRIPT.toString(), manifest.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(proc.waitFor(600, TimeUnit.SECONDS) && proc.exitValue() == 0, "reference failed: " + out);
        String[] lines = out.split("\n");
        assertEquals(runs.size(), lines.length, out);
        for (int q = 0; q < runs.size(); q++) {
            Run run = runs.get(q);
            double expected = Double.parseDouble(lines[q].trim());
            for (String backend : new String[] {"auto", "java"}) {
                String opts = run.options().isEmpty() ? "backend=" + backend : run.options() + ",backend=" + backend;
                double actual = TestData.estimators().get(run.estimator()).score(run.x(), run.y(), EstimatorOptions.parse(opts),
                        CancellationToken.NONE).value();
                String what = run.what() + " [" + opts + "]";
                if (run.estimator().equals("knn") && !run.regression()) {
                    assertEquals(expected, actual, 0.0, what);
                } else if (run.estimator().equals("knn")) {
                    assertEquals(expected, actual, 1e-12, what);
                } else {
                    double rel = Math.abs(actual - expected) / Math.abs(expected);
                    assertTrue(rel <= 1e-6, what + ": reference " + expected + ", lmwb " + actual + ", relative error " + rel);
                }
            }
        }
    }

    private static void addCase(String kind, List<Run> runs, List<String> commandLines) throws IOException {
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

        List<String[]> specs = new ArrayList<>();
        specs.add(new String[] {"knn", "k=3", "--k", "3"});
        specs.add(new String[] {"knn", "k=4,metric=cosine", "--k", "4", "--distance", "cosine"});
        specs.add(new String[] {"logme", ""});
        specs.add(new String[] {"logme", "reset=true", "--reset-per-class"});
        if (!regression) {
            specs.add(new String[] {"hscore", ""});
        }
        for (String[] spec : specs) {
            List<String> cmd = new ArrayList<>(List.of(xf.toString(), yf.toString(), "--estimator", spec[0]));
            if (regression) {
                cmd.add("--regression");
            }
            cmd.addAll(List.of(spec).subList(2, spec.length));
            commandLines.add(String.join("\t", cmd));
            runs.add(new Run(kind + " " + spec[0], spec[0], spec[1], xm, labels, regression));
        }
    }
}
