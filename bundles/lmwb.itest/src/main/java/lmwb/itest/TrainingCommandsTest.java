package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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
 * Multi-encoder training end to end in the real runtime: a frozen-encoder DME of two real built-in models on a
 * user CSV, a portable checkpoint, and predictions with each model's DME weight, identical on reload.
 */
class TrainingCommandsTest {
    private static Path csv;

    @InjectService
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = TrainingCommandsTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void frozenDmeTrainsSavesAndPredictsWithModelWeights() throws Exception {
        Path out = Files.createTempDirectory("lmwb-train");
        String trained = Framework.run(processor, "lmwb:train --dataset " + csv
                + " --models all-minilm-l6-v2,bge-small-en-v1.5 --combine dme --frozen --epochs 3 --seed 7 --out " + out + " --json");
        JsonObject result = JsonParser.parseString(trained).getAsJsonObject();
        assertEquals(1, result.getAsJsonArray("runs").size());
        assertTrue(result.has("split_sizes"), "training results have snake_case keys: " + result.keySet());
        Path checkpoint = out.resolve("seed-7");
        assertTrue(Files.isRegularFile(checkpoint.resolve("model.json")) && Files.isRegularFile(checkpoint.resolve("model.safetensors")),
                "a checkpoint is model.json + model.safetensors");

        String line = "lmwb:predict --checkpoint " + checkpoint + " --text 'What a wonderful film' --json";
        JsonArray first = JsonParser.parseString(Framework.run(processor, line)).getAsJsonObject().getAsJsonArray("predictions");
        JsonObject p = first.get(0).getAsJsonObject();
        JsonObject weights = p.getAsJsonObject("model_weights");
        double sum = weights.get("all-minilm-l6-v2").getAsDouble() + weights.get("bge-small-en-v1.5").getAsDouble();
        assertEquals(1.0, sum, 1e-6, "DME weights are a softmax over the models");
        JsonArray again = JsonParser.parseString(Framework.run(processor, line)).getAsJsonObject().getAsJsonArray("predictions");
        assertEquals(first, again, "a reloaded checkpoint predicts identically");

        // The run is a stored result (kind training) whose folder holds the checkpoint: predict takes its id.
        String id = result.get("id").getAsString();
        assertEquals("training", result.get("kind").getAsString());
        JsonObject byId = JsonParser.parseString(Framework.run(processor, "lmwb:predict --checkpoint " + id
                + " --text 'What a wonderful film' --json")).getAsJsonObject();
        assertEquals(first, byId.getAsJsonArray("predictions"), "the stored run predicts as its --out copy does");
        assertEquals(id, byId.get("training").getAsString());
        assertEquals("prediction", byId.get("kind").getAsString());
        assertTrue(Files.isRegularFile(out.resolve("result.json")), "--out holds a copy of the stored document");

    }
}
