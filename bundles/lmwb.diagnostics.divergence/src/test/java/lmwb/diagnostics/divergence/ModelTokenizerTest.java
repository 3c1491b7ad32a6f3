package lmwb.diagnostics.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tokens model} with a real (tiny) WordPiece tokenizer through DJL's HF tokenizers: the tokens equal those
 * written by hand from WordPiece's rules, and the divergence of the two labels equals SciPy's on those hand-written
 * tokens ({@code src/test/resources/reference/model_tokens_reference.py}).
 */
class ModelTokenizerTest {
    @TempDir
    Path dir;

    @Test
    void tokensAndDivergenceMatchTheHandWrittenWordPieceReference() throws Exception {
        Path json = dir.resolve("tokenizer.json");
        try (InputStream in = getClass().getResourceAsStream("/tiny/tokenizer.json")) {
            Files.copy(in, json);
        }
        JsonObject ref;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/reference/model_tokens_reference.json"),
                StandardCharsets.UTF_8)) {
            ref = JsonParser.parseReader(in).getAsJsonObject();
        }
        try (ModelTokenizer tokenizer = ModelTokenizer.open(json)) {
            for (var e : ref.getAsJsonObject("tokens").entrySet()) {
                List<String> expected = new ArrayList<>();
                e.getValue().getAsJsonArray().forEach(t -> expected.add(t.getAsString()));
                assertEquals(expected, tokenizer.tokens(e.getKey()), e.getKey());
            }
            Map<String, Long> a = UnigramDivergence.counts(strings(ref, "a"), tokenizer::tokens);
            Map<String, Long> b = UnigramDivergence.counts(strings(ref, "b"), tokenizer::tokens);
            assertEquals(ref.get("js_bits").getAsDouble(), UnigramDivergence.jsBits(a, b), 1e-12);
            assertEquals(ref.get("vocabulary").getAsInt(), UnigramDivergence.vocabulary(a, b));
        }
    }

    private static List<String> strings(JsonObject ref, String label) {
        List<String> out = new ArrayList<>();
        ref.getAsJsonObject("texts").getAsJsonArray(label).forEach(t -> out.add(t.getAsString()));
        return out;
    }
}
