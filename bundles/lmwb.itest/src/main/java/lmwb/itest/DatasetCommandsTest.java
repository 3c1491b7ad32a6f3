package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The {@code dataset} command on hostile input, in the real runtime (issue 13, items 9-11): the error the user
 * sees names the file and the physical line, and is an {@link IllegalArgumentException}, which the one-shot
 * launcher turns into {@code lmwb: error: <message>} and exit code 2 (BatchCommandRunner).
 */
class DatasetCommandsTest {
    private static Path dir;
    private static Path latin1;

    @InjectService
    CommandProcessor processor;

    /** Three records on five lines (a quoted field spans three), then "café" in Latin-1 (0xE9) on line 6. */
    @BeforeAll
    static void writeFiles() throws Exception {
        dir = Files.createTempDirectory("lmwb-itest-datasets");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("text,label\nfine,pos\n\"over\nthree\nlines\",neg\n".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {'c', 'a', 'f', (byte) 0xE9, ',', 'p', 'o', 's', '\n'});
        latin1 = Files.write(dir.resolve("latin1.csv"), b.toByteArray());
    }

    @AfterAll
    static void removeFiles() throws Exception {
        Files.deleteIfExists(latin1);
        Files.deleteIfExists(dir);
    }

    private IllegalArgumentException failure(String line) {
        Exception e = assertThrows(Exception.class, () -> Framework.run(processor, line));
        Throwable t = e;
        while (!(t instanceof IllegalArgumentException) && t.getCause() != null) {
            t = t.getCause();
        }
        return assertInstanceOf(IllegalArgumentException.class, t, e.toString());
    }

    @Test
    void latin1ByteIsNamedWithItsLineAndTheOptionReadsIt() throws Exception {
        assertEquals(latin1 + ":6: not UTF-8 (byte 0xE9); convert it or pass --encoding latin-1",
                failure("lmwb:dataset --json " + latin1).getMessage());
        JsonObject d = JsonParser.parseString(Framework.run(processor, "lmwb:dataset --encoding latin-1 --json " + latin1))
                .getAsJsonObject();
        assertEquals(3, d.get("size").getAsInt());
        assertTrue(d.get("examples").toString().contains("\"café\""), d.get("examples").toString());
    }

    @Test
    void unknownEncodingSaysWhatToUse() {
        String m = failure("lmwb:dataset --encoding klingon " + latin1).getMessage();
        assertTrue(m.startsWith("unknown encoding 'klingon'; use a Java charset name such as utf-8, latin-1"), m);
    }

    @Test
    void deviceIsRefusedAtOnce() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertTrue(failure("lmwb:dataset " + zero).getMessage().startsWith("/dev/zero is a character device, not a regular file;"));
    }
}
