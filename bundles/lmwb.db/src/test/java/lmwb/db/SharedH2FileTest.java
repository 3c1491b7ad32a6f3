package lmwb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default H2 file is shared between processes: while one JVM holds it open (as {@code lmwb serve} does), a
 * second process (here H2's own command-line shell in a fresh JVM, as a local {@code lmwb results} would be) reads
 * and writes it. Without H2's AUTO_SERVER the second process is refused ("Database may be already in use").
 */
class SharedH2FileTest {
    @TempDir
    Path home;

    @Test
    void aSecondProcessUsesTheDefaultDatabaseWhileTheFirstHoldsIt() throws Exception {
        DatabaseSettings settings = DatabaseSettings.validated(Map.of(), home);
        try (Database db = Database.open(settings); Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO users (name, role, created) VALUES ('first', 'admin', CURRENT_TIMESTAMP)");

            Result shared = shell(settings.url(), "INSERT INTO users (name, role, created) VALUES ('second', 'viewer',"
                    + " CURRENT_TIMESTAMP); SELECT name FROM users ORDER BY name;");
            assertEquals(0, shared.code(), shared.output());
            assertTrue(shared.output().contains("first") && shared.output().contains("second"), shared.output());
            try (var r = s.executeQuery("SELECT COUNT(*) FROM users")) {
                r.next();
                assertEquals(2, r.getInt(1), "the other process's row is visible here");
            }

            String exclusive = settings.url().replace(DatabaseSettings.H2_SHARED, "");
            Result refused = shell(exclusive, "SELECT COUNT(*) FROM users;");
            assertTrue(refused.output().contains("already in use"), "without AUTO_SERVER: " + refused.output());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("db"))),
                "the folder with the lock file (port and key) is the owner's only");
    }

    record Result(int code, String output) {
    }

    /** Runs H2's Shell in a new JVM with only the H2 jar on its class path. */
    private static Result shell(String url, String sql) throws Exception {
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", h2.toString(), "org.h2.tools.Shell", "-url", url,
                "-user", "sa", "-password", "", "-sql", sql)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "H2 shell finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(-1, p.exitValue());
        return new Result(p.exitValue(), out);
    }
}
