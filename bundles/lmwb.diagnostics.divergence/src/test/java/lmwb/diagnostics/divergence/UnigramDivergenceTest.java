package lmwb.diagnostics.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JS divergence by hand and against SciPy ({@code src/test/resources/reference/divergence_reference.py}). */
class UnigramDivergenceTest {
    @Test
    void tokensAreLowercasedRunsOfLettersAndDigits() {
        assertEquals(List.of("ça", "marche", "très", "bien", "10", "10", "don", "t"), UnigramDivergence.tokens("Ça marche TRÈS bien 10/10 — don't!"));
    }

    /**
     * By hand: a = {x: 1}, b = {y: 1}; V = {x, y}; P = (2/3, 1/3), Q = (1/3, 2/3), M = (1/2, 1/2);
     * JS = ½ KL(P‖M) + ½ KL(Q‖M) = KL(P‖M) = 2/3 log₂(4/3) + 1/3 log₂(2/3) = 0.0817042 bits. Identical
     * distributions: 0.
     */
    @Test
    void byHand() {
        double expected = 2.0 / 3 * Math.log(4.0 / 3) / Math.log(2) + 1.0 / 3 * Math.log(2.0 / 3) / Math.log(2);
        assertEquals(0.08170416594551044, expected, 1e-15);
        assertEquals(expected, UnigramDivergence.jsBits(Map.of("x", 1L), Map.of("y", 1L)), 1e-12);
        assertEquals(0.0, UnigramDivergence.jsBits(Map.of("x", 3L, "y", 1L), Map.of("x", 3L, "y", 1L)), 1e-15);
    }

    @Test
    void agreesWithScipy() throws Exception {
        JsonObject ref;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/reference/divergence_reference.json"), StandardCharsets.UTF_8)) {
            ref = JsonParser.parseReader(in).getAsJsonObject();
        }
        JsonObject texts = ref.getAsJsonObject("texts");
        for (JsonElement e : ref.getAsJsonArray("pairs")) {
            JsonObject p = e.getAsJsonObject();
            Map<String, Long> a = UnigramDivergence.counts(strings(texts, p.get("a").getAsString()));
            Map<String, Long> b = UnigramDivergence.counts(strings(texts, p.get("b").getAsString()));
            assertEquals(p.get("js_bits").getAsDouble(), UnigramDivergence.jsBits(a, b), 1e-12, p.toString());
            assertEquals(p.get("vocabulary").getAsInt(), UnigramDivergence.vocabulary(a, b));
        }
    }

    private static List<String> strings(JsonObject texts, String label) {
        List<String> out = new ArrayList<>();
        texts.getAsJsonArray(label).forEach(t -> out.add(t.getAsString()));
        return out;
    }
}
