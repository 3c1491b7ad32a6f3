package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.io.Npy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the numpy reference port of TransformerRanker's estimators. Expected values come from
 * {@code src/test/resources/golden/expected.tsv}, written by {@code golden/generate.py} running
 * {@code ref_estimators.py} on the {@code .npy} files next to it (seeds and command in golden/README.md).
 * kNN must match exactly (same neighbours, same float32 rounding); H-score and LogME to 1e-9 relative.
 * Each case runs on both backends (native OpenBLAS when it loads, and pure Java).
 */
class GoldenParityTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(TestData.resource("golden/expected.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            for (String backend : new String[] {"auto", "java"}) {
                out.add(Arguments.of(f[0], f[1], f[2], Boolean.parseBoolean(f[3]), Double.parseDouble(f[4]), backend));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} [{2}] backend={5}")
    @MethodSource("cases")
    void matchesReference(String name, String estimator, String options, boolean regression, double expected, String backend)
            throws IOException {
        FloatMatrix x;
        Labels y;
        if (name.equals("iris")) {
            TestData.Iris iris = TestData.iris();
            x = iris.x();
            y = iris.y();
        } else {
            x = Npy.readMatrix(TestData.resource("golden/" + name + ".X.npy"));
            y = Npy.readLabels(TestData.resource("golden/" + name + ".y.npy"), regression);
        }
        String opts = options.isEmpty() ? "backend=" + backend : options + ",backend=" + backend;
        Score s = TestData.estimators().get(estimator).score(x, y, EstimatorOptions.parse(opts), CancellationToken.NONE);
        if (estimator.equals("knn") && !regression) {
            assertEquals(expected, s.value(), 0.0, "kNN must reproduce the reference exactly");
        } else if (estimator.equals("knn")) {
            assertEquals(expected, s.value(), 1e-12);
        } else {
            double rel = Math.abs(s.value() - expected) / Math.max(1e-300, Math.abs(expected));
            assertTrue(rel <= 1e-9, () -> "expected " + expected + " got " + s.value() + " (relative error " + rel + ")");
        }
    }
}
