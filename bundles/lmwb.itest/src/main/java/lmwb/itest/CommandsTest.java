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

    @Test
    void unknownCommandFails() {
        assertThrows(Exception.class, () -> Framework.run(processor, "lmwb:no-such-command"));
    }
}
