package lmwb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration of PID lmwb.db is checked once, with messages that name the key. */
class DatabaseSettingsTest {
    @TempDir
    Path home;

    @Test
    void noConfigurationMeansTheEmbeddedH2FileUnderHome() {
        DatabaseSettings s = DatabaseSettings.validated(Map.of("service.pid", "lmwb.db"), home);
        assertEquals("jdbc:h2:file:" + home.toAbsolutePath().resolve("db/lmwb") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", s.url());
        assertEquals(DatabaseSettings.Kind.H2, s.kind());
        assertEquals("sa", s.user());
    }

    @Test
    void postgresqlUrlIsTakenAsGiven() {
        DatabaseSettings s = DatabaseSettings.validated(Map.of("url", " jdbc:postgresql://db.lab:5432/lmwb ",
                "user", "lmwb", "password", "pw", "felix.fileinstall.filename", "file:/x/lmwb.db.cfg"), home);
        assertEquals(new DatabaseSettings("jdbc:postgresql://db.lab:5432/lmwb", "lmwb", "pw",
                DatabaseSettings.Kind.POSTGRESQL), s);
        assertFalse(s.toString().contains("pw"), "toString hides the password");
    }

    @Test
    void badValuesNameTheKey() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.validated(Map.of("url", "jdbc:mysql://x/y"), home));
        assertTrue(url.getMessage().startsWith("lmwb.db: key 'url' is 'jdbc:mysql://x/y'; use jdbc:postgresql://"),
                url.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabaseSettings.validated(Map.of("url", "jdbc:h2:"), home));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.validated(Map.of("URL", "jdbc:h2:mem:x"), home));
        assertEquals("lmwb.db: unknown key 'URL'; the keys are url, user, password", typo.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.validated(Map.of("user", 42), home));
        assertEquals("lmwb.db: key 'user' must be text, not Integer", type.getMessage());
    }

    /** A database that cannot be opened gives one line naming the URL and the key to change. */
    @Test
    void anUnreachableServerGivesOneLine() {
        DatabaseSettings s = DatabaseSettings.validated(Map.of("url", "jdbc:postgresql://127.0.0.1:1/lmwb"), home);
        SQLException e = assertThrows(SQLException.class, () -> Database.open(s));
        assertTrue(e.getMessage().startsWith("database: cannot open jdbc:postgresql://127.0.0.1:1/lmwb: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(configure the database with key 'url' of lmwb.db.cfg)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** A service that is configured wrongly still registers, and every use reports the configuration problem. */
    @Test
    void aBadConfigurationIsReportedOnUse() {
        DatabaseService service = new DatabaseService(Map.of("url", "jdbc:oracle:thin:@x"));
        SQLException e = assertThrows(SQLException.class, service::getConnection);
        assertTrue(e.getMessage().startsWith("lmwb.db: key 'url' is 'jdbc:oracle:thin:@x'"), e.getMessage());
    }
}
