package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import lmwb.api.capability.Capability;
import lmwb.api.diagnostics.DatasetDiagnostic;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;

/**
 * The dataset diagnostics in the real runtime: each bundle's component is both a DatasetDiagnostic and a
 * Capability (so the job queue and the REST API find it by name), and each command runs end to end on a user
 * CSV file with a real model (all-MiniLM-L6-v2) through the embedding service and the result store.
 */
class DiagnosticsTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static final List<String> NAMES = List.of("conflicts", "difficulty", "divergence", "label-issues");
    private static Path csv;

    @InjectService(timeout = 20_000)
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = DiagnosticsTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void everyDiagnosticIsACapabilityAndListed() throws Exception {
        Framework.await(java.time.Duration.ofSeconds(20), () -> names().size() == NAMES.size());
        assertEquals(new TreeSet<>(NAMES), names());
        for (String name : NAMES) {
            assertEquals(1, Framework.context().getServiceReferences(Capability.class, "(" + Capability.NAME + "=" + name + ")").size(),
                    name + " is a capability");
        }
        JsonArray listed = JsonParser.parseString(Framework.run(processor, "lmwb:diagnostics --json")).getAsJsonArray();
        List<String> names = new ArrayList<>();
        listed.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
        assertEquals(NAMES, names);
    }

    private static TreeSet<String> names() {
        try {
            TreeSet<String> out = new TreeSet<>();
            for (ServiceReference<?> r : Framework.context().getServiceReferences(DatasetDiagnostic.class, null)) {
                out.add(String.valueOf(r.getProperty(Capability.NAME)));
            }
            return out;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void difficultyAndLabelIssuesFromARealModel() throws Exception {
        JsonObject d = JsonParser.parseString(Framework.run(processor, "lmwb:difficulty --dataset " + csv + " --models " + MODEL
                + " --by-layer --json")).getAsJsonObject();
        assertEquals("difficulty", d.get("kind").getAsString());
        double v = d.get("v_information_bits").getAsDouble();
        double h = d.get("label_entropy_bits").getAsDouble();
        assertTrue(v > 0 && v <= h + 1e-9, "the sentences carry information about their labels, at most H(Y): " + v + " of " + h);
        assertEquals(7, d.getAsJsonObject("by_layer").size(), "6 layers and the layer mean");
        assertEquals(40, d.getAsJsonArray("examples").size());
        JsonObject first = d.getAsJsonArray("examples").get(0).getAsJsonObject();
        assertTrue(first.has("index") && first.has("pvi") && first.has("text"));
        assertEquals(2, d.getAsJsonObject("per_class").size());

        JsonObject l = JsonParser.parseString(Framework.run(processor, "lmwb:labelissues --dataset " + csv + " --models " + MODEL
                + " --json")).getAsJsonObject();
        assertEquals("label-issues", l.get("kind").getAsString());
        assertEquals(l.get("count").getAsInt(), l.getAsJsonArray("issues").size());
        for (JsonElement e : l.getAsJsonArray("issues")) {
            JsonObject issue = e.getAsJsonObject();
            assertTrue(issue.has("index") && issue.has("given") && issue.has("suggested") && issue.has("score") && issue.has("text"));
        }
        String table = Framework.run(processor, "lmwb:labelissues --dataset " + csv + " --models " + MODEL);
        assertTrue(table.startsWith("Label issues in "), table);
    }

    @Test
    void divergenceAndConflictsAcrossTwoFiles() throws Exception {
        JsonObject div = JsonParser.parseString(Framework.run(processor, "lmwb:divergence --dataset " + csv + " --json")).getAsJsonObject();
        JsonArray pairs = div.getAsJsonArray("pairs");
        assertEquals(1, pairs.size(), "two labels, one pair");
        double js = pairs.get(0).getAsJsonObject().get("js_divergence_bits").getAsDouble();
        assertTrue(js > 0 && js < 1, "JS in bits lies in [0, 1]: " + js);

        Path other = Files.createTempFile("other-sentiment", ".csv");
        Files.writeString(other, "text,label\nThe battery lasts forever and charging is fast.,negative\nA lovely day.,positive\n"
                + "Awful service.,negative\n");
        JsonObject c = JsonParser.parseString(Framework.run(processor, "lmwb:conflicts --dataset " + csv + " --against " + other
                + " --models " + MODEL + " --json")).getAsJsonObject();
        assertTrue(c.get("exact").getAsInt() >= 1, c.toString());
        JsonObject firstConflict = c.getAsJsonArray("conflicts").get(0).getAsJsonObject();
        assertEquals("The battery lasts forever and charging is fast.", firstConflict.get("text_a").getAsString());
        assertEquals(List.of("positive", "negative"), List.of(firstConflict.get("label_a").getAsString(),
                firstConflict.get("label_b").getAsString()));
        assertTrue(firstConflict.get("exact").getAsBoolean());
    }
}
