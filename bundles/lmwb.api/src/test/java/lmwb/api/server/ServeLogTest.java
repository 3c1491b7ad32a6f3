package lmwb.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The serve mode's one line format, and that no token reaches it. */
class ServeLogTest {
    /** A token in lmwb.users' format: lmwb_, 16 hex digits of id, _, 43 base64url characters of secret. */
    private static final String TOKEN = "lmwb_0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE";

    @Test
    void linesHaveOneFormatAndCarryNoToken() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ServeLog log = new ServeLog(new PrintStream(buf, true, StandardCharsets.UTF_8));
        log.info("REST API on http://127.0.0.1:8421/api");
        log.warning("plain HTTP on 0.0.0.0:8421");
        log.error("lmwb.server: key 'workers' must be 1 to 64, got 0");
        log.info("refused " + TOKEN + "\nsecond line");
        assertEquals("""
                lmwb serve: REST API on http://127.0.0.1:8421/api
                lmwb serve: WARNING: plain HTTP on 0.0.0.0:8421
                lmwb: error: lmwb.server: key 'workers' must be 1 to 64, got 0
                lmwb serve: refused lmwb_0123456789abcdef_... second line
                """, buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
