package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The redundancy commands run end to end in the real runtime on a real model (all-MiniLM-L6-v2) and a user
 * CSV file, and return machine-readable results.
 */
class RedundancyCommandsTest {
    private static Path csv;

    @InjectService
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = RedundancyCommandsTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void similarityGivesASymmetricLayerMatrix() throws Exception {
        String out = Framework.run(processor, "lmwb:similarity --model all-minilm-l6-v2 --dataset " + csv + " --pooling mean --json");
        JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
        String text = doc.toString();
        assertTrue(text.contains("all-minilm-l6-v2"), text);
        assertTrue(findMatrixSize(doc) == 7, "all-MiniLM-L6-v2 has 6 layers + the embedding output: " + text);
    }

    @Test
    void clustersGiveACurveOverThresholds() throws Exception {
        String out = Framework.run(processor, "lmwb:clusters --model all-minilm-l6-v2 --dataset " + csv
                + " --pooling mean --thresholds 0.3,0.6 --json");
        String text = JsonParser.parseString(out).toString();
        assertTrue(text.contains("0.3") && text.contains("0.6"), text);
    }

    /** Size of the first square numeric matrix found in the document. */
    private static int findMatrixSize(JsonElement e) {
        if (e.isJsonArray() && e.getAsJsonArray().size() > 0 && e.getAsJsonArray().get(0).isJsonArray()) {
            int n = e.getAsJsonArray().size();
            assertEquals(n, e.getAsJsonArray().get(0).getAsJsonArray().size(), "layer similarity matrices are square");
            return n;
        }
        if (e.isJsonObject()) {
            for (var entry : e.getAsJsonObject().entrySet()) {
                int n = findMatrixSize(entry.getValue());
                if (n > 0) {
                    return n;
                }
            }
        }
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                int n = findMatrixSize(x);
                if (n > 0) {
                    return n;
                }
            }
        }
        return -1;
    }
}
