package lmwb.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Inner(String contentHash, double bestDevScore) {
    }

    record Outer(String taskType, Map<String, Double> modelWeights, List<Inner> encoders, Path out, Instant at,
            String missing) {
    }

    private static final Outer VALUE = new Outer("text classification", Map.of("someModel", 0.5),
            List.of(new Inner("abc", Double.NaN)), Path.of("/tmp/x"), Instant.parse("2026-01-02T03:04:05Z"), null);

    @Test
    void writesSnakeCaseFieldsAndKeepsMapKeys() {
        String json = Json.COMPACT.toJson(VALUE);
        assertEquals("{\"task_type\":\"text classification\",\"model_weights\":{\"someModel\":0.5},"
                + "\"encoders\":[{\"content_hash\":\"abc\",\"best_dev_score\":NaN}],\"out\":\"/tmp/x\","
                + "\"at\":\"2026-01-02T03:04:05Z\"}", json);
        assertTrue(Json.COMPACT_WITH_NULLS.toJson(VALUE).endsWith(",\"missing\":null}"));
        assertEquals(VALUE.toString(), Json.COMPACT.fromJson(json, Outer.class).toString(), "round trip");
    }

    @Test
    void readsTheCamelCaseKeysOfOlderFilesAtEveryDepth() {
        String old = "{\"taskType\":\"t\",\"modelWeights\":{\"someModel\":1.0},"
                + "\"encoders\":[{\"contentHash\":\"h\",\"bestDevScore\":0.25}]}";
        Outer o = Json.PRETTY.fromJson(old, Outer.class);
        assertEquals("t", o.taskType());
        assertEquals(Map.of("someModel", 1.0), o.modelWeights(), "map keys are data: not renamed");
        assertEquals(new Inner("h", 0.25), o.encoders().get(0));
        assertNull(o.out());
    }

    @Test
    void snakeCaseKeyWinsOverCamelCase() {
        Inner i = Json.COMPACT.fromJson("{\"contentHash\":\"old\",\"content_hash\":\"new\",\"best_dev_score\":1}",
                Inner.class);
        assertEquals("new", i.contentHash());
    }

    @Test
    void snakeCaseIsGsonsFieldNaming() {
        assertEquals("model_weights", Json.snakeCase("modelWeights"));
        assertEquals("split_sizes", Json.snakeCase("splitSizes"));
        assertEquals("f1_macro", Json.snakeCase("f1Macro"));
        assertEquals("already_snake", Json.snakeCase("already_snake"));
    }
}
