package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The real estimator bundle inside the real runtime (its native linear-algebra path included) reproduces the
 * reference values on iris: H-score 1.177842480406727, LogME −0.16006022033609904, kNN (k = 3) 0.96 — the
 * test values of the estimator reference (TransformerRanker semantics).
 */
class EstimatorServicesTest {
    @InjectService(filter = "(lmwb.estimator.name=hscore)", timeout = 10_000)
    Estimator hscore;

    @InjectService(filter = "(lmwb.estimator.name=logme)", timeout = 10_000)
    Estimator logme;

    @InjectService(filter = "(lmwb.estimator.name=knn)", timeout = 10_000)
    Estimator knn;

    @InjectService(filter = "(lmwb.estimator.name=probe)", timeout = 10_000)
    Estimator probe;

    @InjectService
    CommandProcessor processor;

    static Object[] iris() throws Exception {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EstimatorServicesTest.class.getClassLoader().getResourceAsStream("data/iris.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                rows.add(new float[] {Float.parseFloat(f[0]), Float.parseFloat(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3])});
                labels.add(ids.computeIfAbsent(f[4], k -> ids.size()));
            }
        }
        return new Object[] {FloatMatrix.ofRows(rows.toArray(new float[0][])), Labels.classes(labels.stream().mapToInt(i -> i).toArray())};
    }

    @Test
    void referenceValuesOnIrisInsideTheRuntime() throws Exception {
        Object[] data = iris();
        FloatMatrix x = (FloatMatrix) data[0];
        Labels y = (Labels) data[1];
        assertEquals(1.177842480406727, hscore.score(x, y).value(), 1e-9);
        assertEquals(-0.16006022033609904, logme.score(x, y).value(), 1e-9);
        // the reference computes kNN accuracy in float32: 0.96f = 0.9599999785423279
        assertEquals(0.96, knn.score(x, y).value(), 1e-7);
        double accuracy = probe.score(x, y).value();
        assertTrue(accuracy > 0.9 && accuracy <= 1.0, "a linear probe separates iris well: " + accuracy);
    }

    @Test
    void estimatorsCommandListsTheBuiltInEstimators() throws Exception {
        String json = Framework.run(processor, "lmwb:estimators --json");
        for (String name : List.of("knn", "hscore", "logme", "probe")) {
            assertTrue(json.contains("\"name\":\"" + name + "\""), name + " missing from " + json);
        }
    }
}
