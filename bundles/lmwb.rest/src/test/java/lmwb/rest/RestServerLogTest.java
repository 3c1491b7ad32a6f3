package lmwb.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lmwb.api.server.ServeLog;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import org.junit.jupiter.api.Test;

/** The HTTP server's start line goes to the serve mode's one log, not straight to System.err. */
class RestServerLogTest {
    @Test
    void startLineGoesToTheServeLog() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ServeLog log = new ServeLog(new PrintStream(buf, true, StandardCharsets.UTF_8));
        ServerSettings settings = new ServerSettings(0, 0, "127.0.0.1", 1, null, "", false, List.of());
        Server serve = new Server() {
            @Override
            public ServerSettings settings() {
                return settings;
            }

            @Override
            public ServeLog log() {
                return log;
            }
        };
        // the users, jobs, results and Gogo are not called while the server only starts and stops
        RestServer server = new RestServer(serve, null, null, null, null);
        try {
            assertEquals("lmwb serve: REST API on http://127.0.0.1:" + server.port() + "/api\n",
                    buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        } finally {
            server.stop();
        }
    }
}
