package lmwb.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import lmwb.api.users.DuplicateUserException;
import lmwb.api.users.IssuedToken;
import lmwb.api.users.Role;
import lmwb.api.users.UnknownUserException;
import lmwb.api.users.User;
import lmwb.db.Database;
import lmwb.db.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The user directory on both real databases: H2 in a temp folder and a real PostgreSQL server (see
 * {@link TestDatabases}). Each test starts from an empty database that lmwb.db's Flyway migrations set up. Tokens
 * are hashed with the production iteration count.
 */
class JdbcUserDirectoryTest {
    /** Generated for this test with {@code ssh-keygen -t ed25519 -C alice@laptop} (public half only). */
    static final String ED25519 =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMMieCVKpfn4oHLaMrV7xJE/IPW8Cl6+SoFlq+lmHmWy alice@laptop";
    /** Generated with {@code ssh-keygen -t rsa -b 2048 -C bob}. */
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCk/H+A5RIyhMsKLxuiukLwdnqXntL/+2gYwI1aHktFn9/zggEP43rE"
            + "aYK5B0BcIgBj3XG2MqzW3w7oGW0b8rZODj5kmt8AfXsFWx2+iQYccEmtYU5KJa4yqWKMlIBFvOSuAdcuVcH51HfU4MajQab1OmvoaZ+AcYLt9"
            + "ROXgzya/953LLxAdJU6lgP2JLPeFS8OsTsavUeIFe+u3WHxEl6UcXQAJo6ju13ddAIdUBRO8ta2Umdy71aYekcGgQr7kFMNd44f5mxmAfOCC"
            + "sbKgoHH8Tx54TQBKjPo7Z44uayrl/bc/kTKZngizu52AJIb4CSt5QbMvsp2m5Wqbubw9EtN bob";

    @TempDir
    Path home;
    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00.123456789Z"));

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private JdbcUserDirectory directory(TestDatabases which) throws Exception {
        db = which.open(home);
        return new JdbcUserDirectory(db, clock, new SecureRandom(), TokenHasher.DEFAULT_ITERATIONS);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void migrationCreatesTheSchemaOnAnEmptyDatabaseOnce(TestDatabases which) throws Exception {
        db = which.open(home);
        assertEquals("2", db.schemaVersion(), "V1 and V2 (result search text, user passwords)");
        Set<String> tables = new TreeSet<>();
        try (Connection c = db.getConnection(); ResultSet r = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                String schema = String.valueOf(r.getString("TABLE_SCHEM")).toLowerCase(Locale.ROOT);
                if (schema.equals("public")) {
                    tables.add(r.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("api_tokens", "flyway_schema_history", "jobs", "result_estimators",
                "result_models", "results", "ssh_keys", "user_passwords", "users")), tables);
        // a job row: identity id, JSON args as long text, every state the queue needs
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO jobs (command, args, user_name, state, submitted) VALUES "
                    + "('rank', '{\"dataset\":\"x\"}', 'alice', 'queued', CURRENT_TIMESTAMP)");
            assertThrows(java.sql.SQLException.class, () -> s.executeUpdate("INSERT INTO jobs (command, args, user_name, "
                    + "state, submitted) VALUES ('rank', '{}', 'alice', 'paused', CURRENT_TIMESTAMP)"));
            try (ResultSet r = s.executeQuery("SELECT id, args FROM jobs")) {
                assertTrue(r.next());
                assertEquals(1L, r.getLong(1));
                assertEquals("{\"dataset\":\"x\"}", r.getString(2));
            }
        }
        db.close();
        db = Database.open(db.settings());
        assertEquals("2", db.schemaVersion(), "a second start applies nothing");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL' AND \"success\" = TRUE")) {
            assertTrue(r.next());
            assertEquals(2, r.getInt(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aPasswordTheUserSetsSignsItInBesideItsToken(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String token = users.add("alice", Role.MEMBER, List.of()).token();
        users.add("bob", Role.VIEWER, List.of());
        assertEquals(Optional.empty(), users.authenticatePassword("alice", "correct horse battery", "a"),
                "no password before one is set");
        users.setPassword("alice", "correct horse battery");
        assertEquals("alice", users.authenticatePassword("alice", "correct horse battery", "a").orElseThrow().name());
        assertEquals("alice", users.authenticatePassword(" alice ", "correct horse battery", "a").orElseThrow().name(),
                "the name as typed, spaces around it dropped");
        assertTrue(users.authenticate(token, "a").isPresent(), "the token still works");
        for (String[] wrong : new String[][] {{"alice", "correct horse battery "}, {"alice", "Correct horse battery"},
                {"bob", "correct horse battery"}, {"nobody", "correct horse battery"}, {"alice", null}, {null, "x"}}) {
            assertEquals(Optional.empty(), users.authenticatePassword(wrong[0], wrong[1], "w" + java.util.Arrays.toString(wrong)),
                    java.util.Arrays.toString(wrong));
        }
        // a new password replaces the old one
        users.setPassword("alice", "a second passphrase");
        assertEquals(Optional.empty(), users.authenticatePassword("alice", "correct horse battery", "b"));
        assertTrue(users.authenticatePassword("alice", "a second passphrase", "b").isPresent());
        // stored as a salted PBKDF2 hash only, like tokens
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM user_passwords")) {
            ResultSetMetaData meta = r.getMetaData();
            assertTrue(r.next());
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                assertFalse(String.valueOf(r.getObject(i)).contains("passphrase"), meta.getColumnName(i));
            }
            assertEquals("PBKDF2WithHmacSHA256", r.getString("algorithm"));
            assertTrue(r.getInt("iterations") >= 210_000, "OWASP minimum for PBKDF2-HMAC-SHA256");
            assertEquals(16, Base64.getDecoder().decode(r.getString("salt")).length);
            assertFalse(r.next(), "one password per user");
        }
        // removing the user removes its password
        users.remove("alice");
        assertEquals(Optional.empty(), users.authenticatePassword("alice", "a second passphrase", "c"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void badPasswordsAreRefusedWithOneLine(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        users.add("alice", Role.MEMBER, List.of());
        assertEquals("a password needs at least 10 characters; choose a longer one", assertThrows(
                IllegalArgumentException.class, () -> users.setPassword("alice", "short")).getMessage());
        assertEquals("a password has at most 200 characters", assertThrows(IllegalArgumentException.class,
                () -> users.setPassword("alice", "x".repeat(201))).getMessage());
        assertEquals("a password must not start with 'lmwb_' (tokens do); choose another", assertThrows(
                IllegalArgumentException.class, () -> users.setPassword("alice", "lmwb_0123456789")).getMessage());
        assertEquals("a password must not start or end with a space", assertThrows(IllegalArgumentException.class,
                () -> users.setPassword("alice", " padded password")).getMessage());
        assertEquals("no user 'dave'; users: alice", assertThrows(UnknownUserException.class,
                () -> users.setPassword("dave", "long enough password")).getMessage());
        assertEquals(Optional.empty(), users.authenticatePassword("alice", "short", "a"), "nothing was set");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void wrongPasswordsBlockTheUserLikeWrongTokens(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        users.add("alice", Role.MEMBER, List.of());
        users.setPassword("alice", "the right password");
        for (int i = 0; i < JdbcUserDirectory.MAX_FAILURES; i++) {
            assertEquals(Optional.empty(), users.authenticatePassword("alice", "guess number " + i, "10.4.0." + i));
        }
        assertEquals(Optional.empty(), users.authenticatePassword("alice", "the right password", "10.5.0.1"),
                "blocked wherever the guesses came from");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(users.authenticatePassword("alice", "the right password", "10.5.0.1").isPresent());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anIssuedTokenAuthenticatesItsUser(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        IssuedToken issued = users.add("alice", Role.ADMIN, List.of(ED25519));
        assertTrue(issued.token().matches("lmwb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), issued.token());
        assertFalse(issued.toString().contains(issued.token()), "toString hides the token");
        Optional<User> user = users.authenticate(issued.token(), "127.0.0.1");
        assertEquals(Optional.of(new User("alice", Role.ADMIN, issued.user().created(), List.of(ED25519))), user);
        assertEquals(List.of(ED25519), users.sshKeys("alice"));
        assertEquals(List.of(), users.sshKeys("nobody"));
        assertEquals(List.of("alice"), users.list().stream().map(User::name).toList());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void onlyASaltedSlowHashIsStored(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        IssuedToken a = users.add("alice", Role.ADMIN, List.of());
        IssuedToken b = users.add("bob", Role.MEMBER, List.of());
        String secretA = a.token().substring(Tokens.PREFIX.length() + Tokens.ID_LENGTH + 1);
        List<String> salts = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM api_tokens")) {
            ResultSetMetaData meta = r.getMetaData();
            int rows = 0;
            while (r.next()) {
                rows++;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = String.valueOf(r.getObject(i));
                    assertFalse(value.contains(a.token()) || value.contains(b.token()) || value.contains(secretA),
                            "column " + meta.getColumnName(i) + " holds the token");
                }
                assertEquals("PBKDF2WithHmacSHA256", r.getString("algorithm"));
                assertTrue(r.getInt("iterations") >= 210_000, "OWASP minimum for PBKDF2-HMAC-SHA256");
                assertEquals(16, Base64.getDecoder().decode(r.getString("salt")).length);
                assertEquals(32, Base64.getDecoder().decode(r.getString("hash")).length);
                salts.add(r.getString("salt"));
            }
            assertEquals(2, rows);
        }
        assertNotEquals(salts.get(0), salts.get(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void wrongTokensAreRefused(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String token = users.add("alice", Role.MEMBER, List.of()).token();
        char last = token.charAt(token.length() - 1);
        String wrongSecret = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String unknownId = Tokens.PREFIX + "0000000000000000" + token.substring(Tokens.PREFIX.length() + Tokens.ID_LENGTH);
        for (String wrong : new String[] {wrongSecret, unknownId, token + "x", "", "lmwb_", null,
                token.toUpperCase(Locale.ROOT)}) {
            assertEquals(Optional.empty(), users.authenticate(wrong, "wrong-" + Math.abs(String.valueOf(wrong).hashCode())),
                    String.valueOf(wrong));
        }
        assertTrue(users.authenticate(token, "right").isPresent());
    }

    /** What the directory logs about failures: source and user, never the token, never a forged log line. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void failuresAreLoggedWithoutTheToken(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String token = users.add("alice", Role.MEMBER, List.of()).token();
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        List<java.util.logging.LogRecord> records = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(JdbcUserDirectory.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            users.authenticate(wrong, "10.0.0.1\nforged: admin logged in");
            users.authenticate(token, "10.0.0.1");
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(1, records.size(), "one failure logged, the success not");
        String message = records.get(0).getMessage();
        assertTrue(message.startsWith("authentication failed from 10.0.0.1?forged: admin logged in for user alice: "
                + "wrong token"), message);
        assertFalse(message.contains(wrong) || message.contains(token) || message.contains(token.substring(5, 21)),
                "neither the token nor its id");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNewTokenRevokesTheOldOne(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String first = users.add("carol", Role.VIEWER, List.of(RSA)).token();
        IssuedToken second = users.newToken("carol");
        assertNotEquals(first, second.token());
        assertEquals(Role.VIEWER, second.user().role());
        assertEquals(List.of(RSA), second.user().sshKeys());
        assertEquals(Optional.empty(), users.authenticate(first, "a"));
        assertEquals("carol", users.authenticate(second.token(), "a").orElseThrow().name());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM api_tokens WHERE revoked IS NULL")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt(1));
        }
        UnknownUserException e = assertThrows(UnknownUserException.class, () -> users.newToken("dave"));
        assertEquals("no user 'dave'; users: carol", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void removingAUserRemovesItsTokensAndKeys(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String token = users.add("dave", Role.MEMBER, List.of(ED25519, RSA)).token();
        users.add("erin", Role.MEMBER, List.of());
        users.remove("dave");
        assertEquals(Optional.empty(), users.authenticate(token, "a"));
        assertEquals(Optional.empty(), users.find("dave"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT COUNT(*) FROM api_tokens WHERE user_name = 'dave') "
                        + "+ (SELECT COUNT(*) FROM ssh_keys WHERE user_name = 'dave')")) {
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        }
        UnknownUserException e = assertThrows(UnknownUserException.class, () -> users.remove("dave"));
        assertEquals("no user 'dave'; users: erin", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void badNamesDuplicatesAndBadKeysAreRefusedWithOneLine(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        users.add("alice", Role.ADMIN, List.of());
        DuplicateUserException dup = assertThrows(DuplicateUserException.class, () -> users.add("alice", Role.VIEWER, List.of()));
        assertTrue(dup.getMessage().startsWith("user 'alice' already exists;"), dup.getMessage());
        for (String bad : new String[] {"Alice", "1bob", "", "a b", "x".repeat(33), "root;drop", "émile"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> users.add(bad, Role.MEMBER, List.of()));
            assertTrue(e.getMessage().startsWith("bad user name '" + bad + "': use 1-32 characters"), e.getMessage());
        }
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> users.add("bob", Role.MEMBER, List.of("ssh-ed25519 not-base64!")));
        assertTrue(key.getMessage().startsWith("ssh key: not an OpenSSH public key: the key data after 'ssh-ed25519' is not base64"),
                key.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> users.add("bob", Role.MEMBER, List.of(ED25519.replace("ssh-ed25519", "ssh-rsa"))));
        assertTrue(wrongType.getMessage().contains("the key data does not hold a ssh-rsa key"), wrongType.getMessage());
        IllegalArgumentException priv = assertThrows(IllegalArgumentException.class,
                () -> users.add("bob", Role.MEMBER, List.of("-----BEGIN OPENSSH PRIVATE KEY-----")));
        assertEquals("ssh key: this is a private key; give the public key (the .pub file) instead", priv.getMessage());
        assertEquals(List.of("alice"), users.list().stream().map(User::name).toList(), "nothing half-added");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void repeatedFailuresBlockTheSourceAndTheUserForAMinute(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(which);
        String alice = users.add("alice", Role.MEMBER, List.of()).token();
        String bob = users.add("bob", Role.MEMBER, List.of()).token();
        // a source sending garbage: blocked after 5 failures within a minute, even with a right token
        for (int i = 0; i < JdbcUserDirectory.MAX_FAILURES; i++) {
            assertEquals(Duration.ZERO, users.blockedFor("10.0.0.9"), "attempt " + i);
            assertEquals(Optional.empty(), users.authenticate("lmwb_guess_" + i, "10.0.0.9"));
        }
        assertEquals(Duration.ofMinutes(1), users.blockedFor("10.0.0.9"));
        assertEquals(Optional.empty(), users.authenticate(alice, "10.0.0.9"));
        assertTrue(users.authenticate(alice, "10.0.0.10").isPresent(), "other sources are not blocked");
        // wrong secrets for bob's token id from many sources: bob is blocked wherever they come from
        String bobWrong = bob.substring(0, bob.length() - 1) + (bob.endsWith("A") ? "B" : "A");
        for (int i = 0; i < JdbcUserDirectory.MAX_FAILURES; i++) {
            assertEquals(Optional.empty(), users.authenticate(bobWrong, "10.1.0." + i));
        }
        assertEquals(Optional.empty(), users.authenticate(bob, "10.2.0.1"));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Duration.ZERO, users.blockedFor("10.0.0.9"));
        assertTrue(users.authenticate(alice, "10.0.0.9").isPresent(), "a minute later the source may try again");
        assertTrue(users.authenticate(bob, "10.2.0.1").isPresent(), "a minute later the user may log in again");
        // failures spread wider than the window never block
        for (int i = 0; i < 2 * JdbcUserDirectory.MAX_FAILURES; i++) {
            users.authenticate("nonsense", "10.3.0.1");
            clock.advance(Duration.ofSeconds(15));
        }
        assertEquals(Duration.ZERO, users.blockedFor("10.3.0.1"));
    }
}
