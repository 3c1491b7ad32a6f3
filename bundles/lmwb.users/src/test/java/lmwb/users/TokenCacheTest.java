package lmwb.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.db.Database;
import lmwb.db.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The directory's memory of verified tokens: how many slow hashes it runs (counted by the hasher itself), and that
 * revoking, removing and failing take effect at once. Real databases (H2, PostgreSQL) as in
 * {@link JdbcUserDirectoryTest}; the hashes use {@value #ITERATIONS} PBKDF2 iterations instead of the production
 * count, since these tests count hashes rather than time them.
 */
class TokenCacheTest {
    static final int ITERATIONS = 1_000;

    @TempDir
    Path home;
    private final List<Database> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private JdbcUserDirectory directory(Database db, Map<String, ?> config) {
        return new JdbcUserDirectory(db, clock, new SecureRandom(), ITERATIONS, config);
    }

    private Database database(TestDatabases which) throws Exception {
        Database db = which.open(home);
        open.add(db);
        return db;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void distinctTokensVerifiedTwiceCostOneSlowHashEach(TestDatabases which) throws Exception {
        JdbcUserDirectory users = directory(database(which), Map.of());
        int n = 12;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(users.add("member" + i, Role.MEMBER, List.of()).token());
        }
        long before = users.slowVerifications();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                assertEquals("member" + i, users.authenticate(tokens.get(i), "10.0.0." + i).orElseThrow().name());
            }
        }
        // the first round hashes each token once; the second finds each in the cache (without it: 2n)
        assertEquals(n, users.slowVerifications() - before);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNewTokenOrARemovalTakesEffectAtOnceEvenFromAnotherProcess(TestDatabases which) throws Exception {
        Database db = database(which);
        JdbcUserDirectory server = directory(db, Map.of());
        // the one-shot 'runtime/lmwb user ...' command: another directory (another JVM) on the same database
        JdbcUserDirectory command = directory(db, Map.of());
        String alice = server.add("alice", Role.MEMBER, List.of()).token();
        String bob = server.add("bob", Role.MEMBER, List.of()).token();
        assertTrue(server.authenticate(alice, "t").isPresent());
        assertTrue(server.authenticate(bob, "t").isPresent());

        String alice2 = command.newToken("alice").token();
        assertTrue(server.authenticate(alice, "t").isEmpty(), "revoked by another process: refused on the next call");
        assertEquals("alice", server.authenticate(alice2, "t").orElseThrow().name());
        command.remove("bob");
        assertTrue(server.authenticate(bob, "t").isEmpty(), "removed by another process: refused on the next call");

        String alice3 = server.newToken("alice").token();
        assertTrue(server.authenticate(alice2, "t").isEmpty(), "revoked in this process");
        assertTrue(server.authenticate(alice3, "t").isPresent());
    }

    @Test
    void aChangedRoleIsSeenOnTheNextCall() throws Exception {
        Database db = database(TestDatabases.H2);
        JdbcUserDirectory users = directory(db, Map.of());
        String token = users.add("carol", Role.ADMIN, List.of()).token();
        assertEquals(Role.ADMIN, users.authenticate(token, "t").orElseThrow().role());
        // no command changes a role yet; an administrator may do it in the database
        try (var c = db.getConnection(); var s = c.prepareStatement("UPDATE users SET role = 'viewer' WHERE name = ?")) {
            s.setString(1, "carol");
            s.executeUpdate();
        }
        assertEquals(Role.VIEWER, users.authenticate(token, "t").orElseThrow().role());
    }

    @Test
    void aWrongTokenNeverHitsTheCacheAndStillCountsTowardsBlocking() throws Exception {
        JdbcUserDirectory users = directory(database(TestDatabases.H2), Map.of());
        String token = users.add("dave", Role.MEMBER, List.of()).token();
        assertTrue(users.authenticate(token, "10.1.0.1").isPresent());
        long before = users.slowVerifications();
        // dave's token id with another secret, from changing sources (so that only the user's count blocks)
        String wrong = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (int i = 0; i < JdbcUserDirectory.MAX_FAILURES; i++) {
            assertTrue(users.authenticate(wrong, "10.2.0." + i).isEmpty());
        }
        assertEquals(JdbcUserDirectory.MAX_FAILURES, users.slowVerifications() - before, "each wrong guess is hashed");
        assertTrue(users.authenticate(token, "10.1.0.1").isEmpty(), "dave is blocked, his cached token too");
        clock.advance(JdbcUserDirectory.BLOCK.plusSeconds(1));
        assertTrue(users.authenticate(token, "10.1.0.1").isPresent());
    }

    @Test
    void entriesExpireAfterTheConfiguredAgeAndTheSizeIsBounded() throws Exception {
        JdbcUserDirectory users = directory(database(TestDatabases.H2),
                Map.of("token_cache_minutes", "2", "token_cache_size", "3"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tokens.add(users.add("user" + i, Role.VIEWER, List.of()).token());
        }
        long start = users.slowVerifications();
        users.authenticate(tokens.get(0), "t");
        clock.advance(Duration.ofSeconds(119));
        users.authenticate(tokens.get(0), "t");
        assertEquals(1, users.slowVerifications() - start, "younger than 2 minutes: cached");
        clock.advance(Duration.ofSeconds(2));
        users.authenticate(tokens.get(0), "t");
        assertEquals(2, users.slowVerifications() - start, "older than 2 minutes: verified again");

        for (int i = 1; i < 4; i++) {
            users.authenticate(tokens.get(i), "t");
        }
        assertEquals(3, users.cachedTokens(), "at most 3 kept");
        long mid = users.slowVerifications();
        users.authenticate(tokens.get(3), "t");
        users.authenticate(tokens.get(0), "t");
        assertEquals(1, users.slowVerifications() - mid, "the newest stays; the least recently used went");

        JdbcUserDirectory off = directory(database(TestDatabases.H2), Map.of("token_cache_minutes", "0"));
        String t = off.add("eve", Role.VIEWER, List.of()).token();
        long o = off.slowVerifications();
        off.authenticate(t, "t");
        off.authenticate(t, "t");
        assertEquals(2, off.slowVerifications() - o, "0 minutes: nothing is cached");
    }

    @Test
    void badSettingsAreNamedAndTheDefaultsUsed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VerifiedTokens.Settings.validated(Map.of("token_cache_minutes", "ten")));
        assertEquals("lmwb.users: key 'token_cache_minutes' must be a whole number of minutes from 0 to 1440, got 'ten'",
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VerifiedTokens.Settings.validated(Map.of("token_cache_size", "0")));
        assertEquals("lmwb.users: key 'token_cache_size' must be a whole number from 1 to 1000000, got '0'",
                e.getMessage());
        assertEquals(new VerifiedTokens.Settings(VerifiedTokens.Settings.DEFAULT_AGE, VerifiedTokens.Settings.DEFAULT_SIZE),
                VerifiedTokens.Settings.validated(Map.of("felix.fileinstall.filename", "file:/x/lmwb.users.cfg",
                        "service.pid", "lmwb.users")));
    }

    @Test
    void concurrentCallsWithOneNewTokenHashItOnce() throws Exception {
        JdbcUserDirectory users = directory(database(TestDatabases.H2), Map.of());
        String token = users.add("frank", Role.MEMBER, List.of()).token();
        long before = users.slowVerifications();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Optional<User>>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return users.authenticate(token, "10.9.0.1");
                }));
            }
            go.countDown();
            for (Future<Optional<User>> f : calls) {
                assertEquals("frank", f.get().orElseThrow().name());
            }
        } finally {
            pool.shutdown();
        }
        // the first call hashes; the calls that arrive meanwhile wait for its answer instead of hashing again
        assertEquals(1, users.slowVerifications() - before);
    }
}
