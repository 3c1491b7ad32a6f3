package lmwb.estimators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.estimators.hscore.HScoreEstimator;
import lmwb.estimators.knn.KnnEstimator;
import lmwb.estimators.logme.LogMeEstimator;
import lmwb.estimators.probe.LinearProbeEstimator;

/** Test data: iris from src/test/resources/iris.csv, golden files, random matrices, the estimators. */
final class TestData {
    private TestData() {
    }

    /** Iris (150 × 4, float32 as lmwb reads CSV) with species as class ids 0..2 in alphabetical order. */
    record Iris(FloatMatrix x, Labels y) {
    }

    static Iris iris() {
        try (InputStream in = TestData.class.getResourceAsStream("/iris.csv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                if (!line.isBlank()) {
                    rows.add(line.split(","));
                }
            }
            TreeSet<String> names = new TreeSet<>();
            rows.forEach(row -> names.add(row[4]));
            List<String> order = new ArrayList<>(names);
            float[][] x = new float[rows.size()][4];
            int[] y = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int j = 0; j < 4; j++) {
                    x[i][j] = Float.parseFloat(rows.get(i)[j]);
                }
                y[i] = order.indexOf(rows.get(i)[4]);
            }
            return new Iris(FloatMatrix.ofRows(x), Labels.classes(y));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestData.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Estimator> estimators() {
        return Map.of("knn", new KnnEstimator(), "hscore", new HScoreEstimator(), "logme", new LogMeEstimator(),
                "probe", new LinearProbeEstimator());
    }

    /** Gaussian classes: row i has class i mod c (shuffled) and mean {@code signal·centre[class]}. */
    static Object[] gaussian(long seed, int n, int d, int c, double signal) {
        Random rnd = new Random(seed);
        double[][] centre = new double[c][d];
        for (double[] row : centre) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian() * signal;
            }
        }
        int[] y = new int[n];
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (rnd.nextGaussian() + centre[y[i]][j]);
            }
        }
        return new Object[] {FloatMatrix.wrap(n, d, x), Labels.classes(y)};
    }
}
