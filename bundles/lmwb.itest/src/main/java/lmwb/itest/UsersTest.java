package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The shared runtime's foundation in the real runtime: lmwb.db's DataSource comes up in Felix on the default
 * embedded H2 file under lmwb.home, Flyway (embedded in lmwb.db) migrates it there, and {@code lmwb:user}
 * add/list/token/remove work through Gogo on lmwb.users.
 */
class UsersTest {
    /** Users this test creates; removed first, since the H2 file in target/lmwb-home outlives a run. */
    private static final String PREFIX = "it-";

    @InjectService(filter = "(lmwb.db=main)")
    DataSource db;
    @InjectService
    UserDirectory users;
    @InjectService
    CommandProcessor processor;

    @BeforeEach
    void removeLeftovers() {
        for (User u : users.list()) {
            if (u.name().startsWith(PREFIX)) {
                users.remove(u.name());
            }
        }
    }

    @Test
    void theDatabaseIsMigratedInsideFelix() throws Exception {
        long start = System.nanoTime();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL' "
                        + "AND \"success\" = TRUE ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (r.next()) {
                versions.add(r.getString(1));
            }
            assertEquals(List.of("1", "2"), versions);
            System.out.printf("lmwb.db: first connection (open + migrate or validate) in Felix: %.0f ms%n",
                    (System.nanoTime() - start) / 1e6);
        }
        assertTrue(Files.isRegularFile(Path.of(Framework.context().getProperty("lmwb.home"), "db", "lmwb.mv.db")),
                "the default database is the H2 file LMWB_HOME/db/lmwb.mv.db");
    }

    @Test
    void userCommandsWorkThroughGogo() throws Exception {
        JsonObject added = JsonParser.parseString(
                Framework.run(processor, "lmwb:user add it-alice --role admin --json")).getAsJsonObject();
        assertEquals("it-alice", added.get("user").getAsString());
        assertEquals("admin", added.get("role").getAsString());
        String first = added.get("token").getAsString();
        assertEquals(Role.ADMIN, users.authenticate(first, "itest").orElseThrow().role());

        String text = Framework.run(processor, "lmwb:user add it-bob --role viewer");
        assertTrue(text.startsWith("user it-bob added (role viewer)\ntoken: lmwb_"), text);

        JsonArray list = JsonParser.parseString(Framework.run(processor, "lmwb:user list --json")).getAsJsonArray();
        List<String> names = new ArrayList<>();
        for (JsonElement e : list) {
            names.add(e.getAsJsonObject().get("user").getAsString());
        }
        assertTrue(names.containsAll(List.of("it-alice", "it-bob")), names.toString());
        String table = Framework.run(processor, "lmwb:user list");
        assertTrue(table.contains("USER") && table.contains("it-alice") && table.contains("viewer"), table);

        String second = JsonParser.parseString(Framework.run(processor, "lmwb:user token it-alice --json"))
                .getAsJsonObject().get("token").getAsString();
        assertTrue(users.authenticate(first, "itest").isEmpty(), "the old token is revoked");
        assertEquals("it-alice", users.authenticate(second, "itest").orElseThrow().name());

        Framework.run(processor, "lmwb:user remove it-bob");
        assertTrue(users.find("it-bob").isEmpty());
    }

    @Test
    void anSshKeyFileIsStoredWithTheUser() throws Exception {
        Path pub = Files.createTempFile("it-carol", ".pub");
        // generated with ssh-keygen -t ed25519 -C carol (public half only)
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMMieCVKpfn4oHLaMrV7xJE/IPW8Cl6+SoFlq+lmHmWy carol";
        Files.writeString(pub, "# carol's laptop\n" + key + "\n");
        Framework.run(processor, "lmwb:user add it-carol --role member --ssh-key " + pub);
        assertEquals(List.of(key), users.sshKeys("it-carol"));
        Files.writeString(pub, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
        String message = failure("lmwb:user add it-dave --role member --ssh-key " + pub);
        assertTrue(message.endsWith("this is a private key; give the public key (the .pub file) instead"), message);
        assertTrue(users.find("it-dave").isEmpty(), "nothing half-added");
        Files.delete(pub);
    }

    @Test
    void userPasswdSetsAPasswordFromAFile() throws Exception {
        Framework.run(processor, "lmwb:user add it-gina --role member");
        Path file = Files.createTempFile("it-gina", ".txt");
        Files.writeString(file, "gina's long passphrase\nignored second line\n");
        String text = Framework.run(processor, "lmwb:user passwd it-gina --password-file " + file);
        assertEquals("password of it-gina set; it-gina signs in to the web page with it (the token still works)", text);
        assertEquals("it-gina", users.authenticatePassword("it-gina", "gina's long passphrase", "itest").orElseThrow().name());
        Files.writeString(file, "short\n");
        assertEquals("a password needs at least 10 characters; choose a longer one",
                failure("lmwb:user passwd it-gina --password-file " + file));
        assertTrue(users.authenticatePassword("it-gina", "gina's long passphrase", "itest").isPresent(), "unchanged");
        assertEquals("--password-file goes with 'user passwd' only", failure("lmwb:user token it-gina --password-file " + file));
        Files.delete(file);
        assertEquals("password file " + file + " does not exist", failure("lmwb:user passwd it-gina --password-file " + file));
        // no terminal inside the test framework: it says how to give the password instead
        assertEquals("no terminal to ask for the password; give --password-file FILE (its first line; /dev/stdin reads "
                + "standard input)", failure("lmwb:user passwd it-gina"));
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        Framework.run(processor, "lmwb:user add it-erin --role member");
        assertEquals("unknown role 'boss'; use one of: admin, member, viewer",
                failure("lmwb:user add it-frank --role boss"));
        assertEquals("user add needs --role; use one of: admin, member, viewer", failure("lmwb:user add it-frank"));
        assertTrue(failure("lmwb:user add it-erin --role viewer").startsWith("user 'it-erin' already exists;"));
        assertTrue(failure("lmwb:user add It-Frank --role viewer").startsWith("bad user name 'It-Frank': "));
        assertTrue(failure("lmwb:user remove it-nobody").startsWith("no user 'it-nobody'; users: "));
        assertTrue(failure("lmwb:user token it-nobody").startsWith("no user 'it-nobody'; users: "));
        assertTrue(failure("lmwb:user promote it-erin").startsWith("unknown action 'promote' for user; use: user add"));
        assertFalse(users.find("it-frank").isPresent());
    }

    /** Runs a command that must fail and returns its message (what the launcher prints after "lmwb: error: "). */
    private String failure(String line) {
        Exception e = assertThrows(Exception.class, () -> Framework.run(processor, line), line);
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
