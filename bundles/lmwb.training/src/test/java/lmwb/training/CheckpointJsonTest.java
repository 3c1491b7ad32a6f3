package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.json is written with snake_case keys and checkpoints written before (camelCase keys) still load. */
class CheckpointJsonTest {
    // A model.json as lmwb 0.1 wrote it (Gson's default field naming), trimmed of nothing.
    private static final String OLD = """
            {
              "format": "lmwb-multi-encoder/1",
              "taskType": "TEXT_CLASSIFICATION",
              "head": "classification",
              "labels": ["negative", "positive"],
              "combine": "DME",
              "layerNorm": true,
              "combineDropout": 0.1,
              "pooling": "mean",
              "layer": null,
              "maxLength": 128,
              "frozen": true,
              "seed": 7,
              "outputs": 2,
              "dims": [384, 384],
              "encoders": [{"reference": "all-minilm-l6-v2", "contentHash": "abc", "weights": null}],
              "dataset": "sentiment",
              "datasetHash": "def",
              "metric": "mcc",
              "bestDevScore": 0.5
            }
            """;

    @Test
    void oldCamelCaseCheckpointLoads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Checkpoints.DESCRIPTION), OLD, StandardCharsets.UTF_8);
        ModelSpec s = Checkpoints.read(dir);
        assertEquals("TEXT_CLASSIFICATION", s.taskType());
        assertTrue(s.layerNorm());
        assertEquals(128, s.maxLength());
        assertEquals("def", s.datasetHash());
        assertEquals(0.5, s.bestDevScore());
        assertEquals(List.of(new ModelSpec.EncoderRef("all-minilm-l6-v2", "abc", null)), s.encoders());
    }

    @Test
    void newCheckpointsUseSnakeCaseKeys() {
        ModelSpec s = new ModelSpec(ModelSpec.FORMAT, "TEXT_CLASSIFICATION", "classification", List.of("a", "b"), "DME",
                true, 0.1, "mean", null, 128, true, 7, 2, new int[] {384}, List.of(new ModelSpec.EncoderRef("m", "h", null)),
                "d", "dh", "mcc", 0.5);
        String json = Checkpoints.GSON.toJson(s);
        for (String key : List.of("task_type", "layer_norm", "combine_dropout", "max_length", "content_hash",
                "dataset_hash", "best_dev_score")) {
            assertTrue(json.contains("\"" + key + "\""), key + " in " + json);
        }
        assertTrue(!json.contains("taskType") && !json.contains("contentHash"), json);
    }
}
