package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/** The lmwb commands are registered in the real runtime and produce machine-readable output. */
class CommandsTest {
    @InjectService
    CommandProcessor processor;

    @Test
    void estimatorsJsonIsAnArray() throws Exception {
        String json = Framework.run(processor, "lmwb:estimators --json");
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
    }

    @Test
    void pluginsListsTheLmwbBundles() throws Exception {
        String json = Framework.run(processor, "lmwb:plugins --json");
        assertTrue(json.contains("\"bundle\":\"lmwb.api\"") && json.contains("\"bundle\":\"lmwb.shell\""), json);
    }

    /** In the shell, Gogo's "Cannot coerce ..." for a mistyped option is explained by lmwb's hint. */
    @Test
    void mistypedOptionGetsAHint() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        try (org.apache.felix.service.command.CommandSession session = processor.createSession(
                java.io.InputStream.nullInputStream(), ps, ps)) {
            Exception e = assertThrows(Exception.class, () -> session.execute("lmwb:rank --model x --json"));
            assertTrue(String.valueOf(e.getMessage()).startsWith("Cannot coerce"), e.toString());
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("lmwb: rank has no option --model (did you mean --models?); its options: "),
                printed);
        assertTrue(printed.contains("(run 'help rank')"), printed);
    }

    @Test
    void unknownCommandFails() {
        assertThrows(Exception.class, () -> Framework.run(processor, "lmwb:no-such-command"));
    }
}
