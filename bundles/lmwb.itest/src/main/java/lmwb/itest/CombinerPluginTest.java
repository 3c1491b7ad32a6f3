package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.test.common.annotation.InjectService;

/**
 * The combiner plug-in point, in one running runtime: {@code --combine gate} is refused with the list of
 * installed combiners; the example gate combiner bundle (built against the training SPI) appears within 5 s of
 * its jar being copied into the deploy folder; a frozen two-model training with it writes a checkpoint, and
 * {@code predict} on the {@code train --out} folder (one {@code seed-*} checkpoint) reports each model's gate
 * weight; once the jar is removed the checkpoint names the missing combiner.
 */
class CombinerPluginTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static Path csv;

    @InjectService
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = CombinerPluginTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Looks the combiner service up by class name: this test bundle does not import the training SPI. */
    static boolean installed(String name) {
        try {
            var refs = Framework.context().getServiceReferences("lmwb.training.spi.Combiner", "(lmwb.combiner=" + name + ")");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param capability a capability's name
     * @return the service id of that capability's service: it stays the same as long as the component is not
     *     re-created
     */
    static long capabilityId(String capability) throws InvalidSyntaxException {
        var refs = Framework.context().getServiceReferences("lmwb.api.capability.Capability",
                "(lmwb.capability=" + capability + ")");
        assertNotNull(refs, "the " + capability + " capability is registered");
        return (Long) refs[0].getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /** The innermost message of what a command threw. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    @Test
    void gateCombinerIsHotDeployedTrainsAndPredicts() throws Exception {
        String train = "lmwb:train --dataset " + csv + " --models all-minilm-l6-v2,bge-small-en-v1.5 --frozen --epochs 2"
                + " --seed 5 --combine gate";
        assertTrue(installed("dme") && installed("mean") && installed("concat"), "the built-in combiners are services");
        assertTrue(!installed("gate"), "gate must not be part of the default runtime");
        String refused = message(assertThrows(Exception.class, () -> Framework.run(processor, train)));
        assertTrue(refused.contains("unknown combiner 'gate'") && refused.contains("concat (") && refused.contains("dme (")
                && refused.contains("mean ("), "the error lists the installed combiners: " + refused);

        // A combiner arriving or leaving must not re-create the train and predict capabilities: while they are
        // re-created, a `train` typed at that moment (or a job the server starts) finds no train capability. This
        // failed before the training components bound combiners dynamically (the flaky "capability not installed").
        long train0 = capabilityId("train");
        long predict0 = capabilityId("predict");
        Path jar = Framework.deploy("plugins/gatecombiner.jar", "lmwb.example.gatecombiner.jar");
        Path out = Files.createTempDirectory("lmwb-gate");
        try {
            long millis = Framework.await(FIVE_SECONDS, () -> installed("gate"));
            assertNotEquals(-1, millis, "the gate combiner did not appear within 5 s of the copy");
            System.out.println("gate combiner appeared " + millis + " ms after the copy");
            assertEquals(train0, capabilityId("train"), "the train capability was re-created by the plug-in's arrival");
            assertEquals(predict0, capabilityId("predict"), "the predict capability was re-created");

            JsonObject result = JsonParser.parseString(Framework.run(processor, train + " --out " + out + " --json"))
                    .getAsJsonObject();
            JsonObject config = result.getAsJsonObject("provenance").getAsJsonObject("configuration");
            assertEquals("gate", config.get("combine").getAsString());
            assertEquals("cpu", config.get("device").getAsString(), "the default device");
            assertTrue(Files.isRegularFile(out.resolve("seed-5").resolve("model.json")));

            // The train --out folder itself: it holds one seed-* checkpoint, which predict uses.
            JsonArray predictions = JsonParser.parseString(Framework.run(processor, "lmwb:predict --checkpoint " + out
                    + " --text 'What a wonderful film' --json")).getAsJsonObject().getAsJsonArray("predictions");
            JsonObject weights = predictions.get(0).getAsJsonObject().getAsJsonObject("model_weights");
            double sum = weights.get("all-minilm-l6-v2").getAsDouble() + weights.get("bge-small-en-v1.5").getAsDouble();
            assertEquals(1.0, sum, 1e-6, "the gate's weights are a softmax over the models");
        } finally {
            Files.deleteIfExists(jar);
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> !installed("gate")), "gate did not go with its jar");
        assertEquals(train0, capabilityId("train"), "the train capability was re-created by the plug-in's removal");
        assertEquals(predict0, capabilityId("predict"), "the predict capability was re-created");
        String missing = message(assertThrows(Exception.class, () -> Framework.run(processor,
                "lmwb:predict --checkpoint " + out + " --text 'What a wonderful film'")));
        assertTrue(missing.contains("unknown combiner 'gate'"), missing);
    }
}
