package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    private static final List<String> NAMES = List.of("cartography", "conflicts", "difficulty", "divergence", "label-issues");
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
        JsonObject byModel = JsonParser.parseString(Framework.run(processor, "lmwb:divergence --dataset " + csv + " --tokens model "
                + "--models " + MODEL + " --json")).getAsJsonObject();
        assertEquals("model:" + MODEL, byModel.get("tokens").getAsString());
        double jsModel = byModel.getAsJsonArray("pairs").get(0).getAsJsonObject().get("js_divergence_bits").getAsDouble();
        assertTrue(jsModel > 0 && jsModel < 1 && jsModel != js, "the model's word pieces and punctuation count: " + jsModel + " vs " + js);

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
    /**
     * {@code train --dynamics} (frozen, 4 epochs) records the dynamics beside the run's checkpoint in the result's
     * folder, and {@code cartography RUN} maps that run: every training example once, in a region, with the plot.
     */
    @Test
    void cartographyOfATrainingRunRecordedWithDynamics() throws Exception {
        JsonObject trained = JsonParser.parseString(Framework.run(processor, "lmwb:train --dataset " + csv + " --models " + MODEL
                + " --combine concat --frozen --epochs 4 --patience 4 --seed 3 --dynamics --json")).getAsJsonObject();
        String run = trained.get("id").getAsString();
        int train = trained.getAsJsonObject("split_sizes").get("train").getAsInt();
        JsonObject map = JsonParser.parseString(Framework.run(processor, "lmwb:cartography --json " + run)).getAsJsonObject();
        assertEquals("cartography", map.get("kind").getAsString());
        assertEquals(run, map.get("run").getAsString());
        assertEquals(4, map.get("epochs").getAsInt(), "patience 4: every epoch trained and recorded");
        assertEquals(train, map.getAsJsonArray("examples").size(), "every training example of the run");
        int inRegions = 0;
        for (var e : map.getAsJsonObject("regions").entrySet()) {
            inRegions += e.getValue().getAsInt();
        }
        assertEquals(train, inRegions);
        for (JsonElement e : map.getAsJsonArray("examples")) {
            JsonObject p = e.getAsJsonObject();
            double c = p.get("confidence").getAsDouble();
            double v = p.get("variability").getAsDouble();
            assertTrue(c >= 0 && c <= 1 && v >= 0 && v <= 0.5, "a probability's mean and deviation: " + p);
        }
        String table = Framework.run(processor, "lmwb:cartography " + run);
        assertTrue(table.startsWith("Data map of ") && table.contains("ambiguous"), table);
        String untracked = JsonParser.parseString(Framework.run(processor, "lmwb:train --dataset " + csv + " --models " + MODEL
                + " --combine concat --frozen --epochs 1 --json")).getAsJsonObject().get("id").getAsString();
        Exception error = assertThrows(Exception.class, () -> Framework.run(processor, "lmwb:cartography " + untracked));
        assertTrue(String.valueOf(error.getMessage()).contains("was run without --dynamics"), String.valueOf(error));
    }
}
