package lmwb.diagnostics.cartography;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.training.TrainingDynamics;
import org.junit.jupiter.api.Test;

/**
 * Data-map coordinates and regions against {@code src/test/resources/reference/cartography_reference.py}, an
 * independent numpy computation (confidence = mean, variability = {@code np.std}, correctness = mean of the correct
 * flags, regions by stable argsort) on 17 seeded examples × 6 epochs with a tie.
 */
class DataMapTest {
    @Test
    void coordinatesAndRegionsMatchNumpy() throws Exception {
        JsonObject ref;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/reference/cartography_reference.json"),
                StandardCharsets.UTF_8)) {
            ref = JsonParser.parseReader(in).getAsJsonObject();
        }
        JsonArray p = ref.getAsJsonArray("probabilities");
        JsonArray correct = ref.getAsJsonArray("correct");
        List<DataMap.Coordinates> points = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            List<Double> probabilities = new ArrayList<>();
            List<Boolean> flags = new ArrayList<>();
            p.get(i).getAsJsonArray().forEach(v -> probabilities.add(v.getAsDouble()));
            correct.get(i).getAsJsonArray().forEach(v -> flags.add(v.getAsBoolean()));
            DataMap.Coordinates c = DataMap.coordinates(new TrainingDynamics.Example("t" + i, 0, probabilities, flags));
            points.add(c);
            assertEquals(ref.getAsJsonArray("confidence").get(i).getAsDouble(), c.confidence(), 1e-12, "confidence " + i);
            assertEquals(ref.getAsJsonArray("variability").get(i).getAsDouble(), c.variability(), 1e-12, "variability " + i);
            assertEquals(ref.getAsJsonArray("correctness").get(i).getAsDouble(), c.correctness(), 1e-12, "correctness " + i);
        }
        for (var e : ref.getAsJsonObject("regions").entrySet()) {
            String[] expected = new String[p.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = e.getValue().getAsJsonArray().get(i).getAsString();
            }
            assertArrayEquals(expected, DataMap.regions(points, Double.parseDouble(e.getKey())), "fraction " + e.getKey());
        }
    }
}
