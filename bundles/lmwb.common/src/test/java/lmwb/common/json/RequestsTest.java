package lmwb.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestsTest {
    enum Pooling { MEAN, FIRST, WEIGHTED_MEAN }

    /** A request shaped like rank's: boxed components, defaults in the compact constructor. */
    record Sample(String dataset, List<String> models, Map<String, String> options, Double downsample,
            Integer batchSize, Boolean validate, Pooling sentencePooling, String textColumn) {
        Sample {
            downsample = downsample == null ? 1.0 : downsample;
            batchSize = batchSize == null ? 32 : batchSize;
            validate = validate != null && validate;
            sentencePooling = sentencePooling == null ? Pooling.MEAN : sentencePooling;
            models = models == null ? List.of() : List.copyOf(models);
            options = options == null ? Map.of() : Map.copyOf(options);
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            }
        }
    }

    @Test
    void optionsAndJsonGiveTheSameRequest() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("dataset", "sentiment-sentences");
        given.put("models", "a, b");
        given.put("--batch-size", "16");
        given.put("sentence-pooling", "weighted_mean");
        given.put("options", "k=5,metric=cosine");
        Sample fromCli = Requests.decode(Sample.class, "rank", Requests.fromOptions(Sample.class, "rank", given));
        Sample fromJson = Requests.decode(Sample.class, "rank", JsonParser.parseString(
                "{\"dataset\":\"sentiment-sentences\",\"models\":[\"a\",\"b\"],\"batch_size\":16,"
                        + "\"sentence_pooling\":\"weighted_mean\",\"options\":{\"k\":5,\"metric\":\"cosine\"}}").getAsJsonObject());
        assertEquals(fromCli, fromJson);
        assertEquals(List.of("a", "b"), fromCli.models());
        assertEquals(Map.of("k", "5", "metric", "cosine"), fromCli.options());
        assertEquals(1.0, fromCli.downsample()); // default from the compact constructor
        assertNull(fromCli.textColumn());
        // encode → decode round trip, with snake_case keys and lower-case enums
        JsonObject encoded = Requests.encode(fromCli);
        assertEquals("weighted_mean", encoded.get("sentence_pooling").getAsString());
        assertTrue(encoded.has("batch_size"));
        assertEquals(fromCli, Requests.decode(Sample.class, "rank", encoded));
    }

    @Test
    void listsMayBeCommaText() {
        Sample s = Requests.decode(Sample.class, "rank", JsonParser.parseString("{\"models\":\"x,y\"}").getAsJsonObject());
        assertEquals(List.of("x", "y"), s.models());
    }

    @Test
    void errorsNameTheOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Requests.decode(Sample.class,
                "rank", JsonParser.parseString("{\"modles\":[\"x\"]}").getAsJsonObject()));
        assertTrue(unknown.getMessage().startsWith("unknown option 'modles' for rank; its options are dataset, models"),
                unknown.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> Requests.fromOptions(Sample.class,
                "rank", Map.of("downsample", "lots")));
        assertEquals("rank --downsample: expected a number, got 'lots'", number.getMessage());
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class, () -> Requests.decode(Sample.class,
                "rank", JsonParser.parseString("{\"batch_size\":\"x\"}").getAsJsonObject()));
        assertTrue(json.getMessage().startsWith("rank --batch-size: expected a whole number"), json.getMessage());
        IllegalArgumentException enumValue = assertThrows(IllegalArgumentException.class, () -> Requests.decode(Sample.class,
                "rank", JsonParser.parseString("{\"sentence_pooling\":\"median\"}").getAsJsonObject()));
        assertEquals("rank --sentence-pooling: unknown value 'median'; use one of mean, first, weighted_mean",
                enumValue.getMessage());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Requests.decode(Sample.class,
                "rank", JsonParser.parseString("{\"batch_size\":0}").getAsJsonObject()));
        assertEquals("--batch-size must be at least 1, got 0", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Requests.fromOptions(Sample.class, "rank",
                Map.of("validate", "maybe")));
        assertThrows(IllegalArgumentException.class, () -> Requests.fromOptions(Sample.class, "rank",
                Map.of("options", "k5")));
    }

    @Test
    void requestFilesHoldArgsOrAJobSubmission(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("r.json"), "{\"dataset\":\"d\"}");
        Path job = Files.writeString(dir.resolve("j.json"), "{\"command\":\"rank\",\"args\":{\"dataset\":\"d\"}}");
        Path other = Files.writeString(dir.resolve("o.json"), "{\"command\":\"train\",\"args\":{}}");
        Path broken = Files.writeString(dir.resolve("b.json"), "{\"dataset\":");
        assertEquals(Requests.readFile(plain, "rank"), Requests.readFile(job, "rank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requests.readFile(other, "rank")).getMessage()
                .contains("is a 'train' request, not 'rank'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requests.readFile(broken, "rank")).getMessage()
                .contains("is not valid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Requests.readFile(dir.resolve("none.json"), "rank"))
                .getMessage().contains("does not exist"));
        // options given on the command line win over the file
        JsonObject merged = Requests.merge(Requests.readFile(plain, "rank"),
                Requests.fromOptions(Sample.class, "rank", Map.of("dataset", "e")));
        assertEquals("e", Requests.decode(Sample.class, "rank", merged).dataset());
    }
}
