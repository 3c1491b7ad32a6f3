package lmwb.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The encoding option: names the --encoding option takes, the default, and the message for an unknown one. */
class DatasetOptionsTest {

    @Test
    void defaultIsUtf8AndTheOldConstructorKeepsIt() {
        assertEquals("UTF-8", DatasetOptions.DEFAULTS.encoding());
        assertEquals(StandardCharsets.UTF_8, new DatasetOptions(null, null, null, null, true, 1L, 1.0).charset());
        assertEquals(StandardCharsets.UTF_8, DatasetOptions.DEFAULTS.withEncoding(null).charset());
    }

    @Test
    void commonNamesResolveToCanonicalCharsets() {
        // latin-1 is not a Java alias of ISO-8859-1 (latin1 is); cp1252 is an alias of windows-1252.
        assertEquals("ISO-8859-1", DatasetOptions.DEFAULTS.withEncoding("latin-1").encoding());
        assertEquals("ISO-8859-1", DatasetOptions.DEFAULTS.withEncoding("iso-8859-1").encoding());
        assertEquals("windows-1252", DatasetOptions.DEFAULTS.withEncoding("cp1252").encoding());
        assertEquals("UTF-16", DatasetOptions.DEFAULTS.withEncoding("utf-16").encoding());
        assertEquals("UTF-8", DatasetOptions.DEFAULTS.withEncoding(" utf8 ").encoding());
    }

    @Test
    void otherOptionsKeepTheEncoding() {
        DatasetOptions o = DatasetOptions.DEFAULTS.withEncoding("latin-1").withSeed(7).withDownsample(0.5)
                .withColumns("t", null, "l").withTaskType("text-classification").withMergeBio(false);
        assertEquals("ISO-8859-1", o.encoding());
    }

    @Test
    void unknownEncodingSaysWhatToUse() {
        for (String bad : new String[] {"klingon", "utf 8", "latin-9x"}) {
            String m = assertThrows(IllegalArgumentException.class, () -> DatasetOptions.DEFAULTS.withEncoding(bad))
                    .getMessage();
            assertTrue(m.startsWith("unknown encoding '" + bad + "'; use a Java charset name such as utf-8, latin-1"), m);
        }
    }
}
