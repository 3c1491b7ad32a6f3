package lmwb.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.server.ServeLog;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH server's start line goes to the serve mode's one log, not straight to System.err. */
class SshShellLogTest {
    @TempDir
    Path home;

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
        String before = System.getProperty("lmwb.home");
        System.setProperty("lmwb.home", home.toString());
        SshShell shell = null;
        try {
            // the user directory, Gogo and the bundle context are not called while the server only starts and stops
            shell = new SshShell(serve, null, null, null);
            assertEquals("lmwb serve: SSH shell on 127.0.0.1:" + shell.port() + " (public keys of 'user add --ssh-key')\n",
                    buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        } finally {
            if (shell != null) {
                shell.stop();
            }
            if (before == null) {
                System.clearProperty("lmwb.home");
            } else {
                System.setProperty("lmwb.home", before);
            }
        }
    }
}
