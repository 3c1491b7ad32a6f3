package lmwb.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import lmwb.api.users.DuplicateUserException;
import lmwb.api.users.IssuedToken;
import lmwb.api.users.Role;
import lmwb.api.users.UnknownUserException;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link UserDirectory} on the runtime's database (tables {@code users}, {@code api_tokens},
 * {@code user_passwords}, {@code ssh_keys} of lmwb.db's schema). Tokens and passwords are hashed by {@link TokenHasher}; failed authentications are counted per source and
 * per user by a {@link FailureLimiter}: {@value #MAX_FAILURES} failures within a minute block that source or user for
 * a minute. Failures are logged (System.Logger, WARNING) with the source and, when known, the user — never the
 * token.
 *
 * <p>A verified token is remembered ({@link VerifiedTokens}: keyed by an HMAC of the token, never the token) for
 * {@code token_cache_minutes} (configuration PID {@value VerifiedTokens#PID}), so that a client presenting it again
 * costs one indexed read of its row instead of a slow hash. That read is made on every call: a token revoked, a user
 * removed or a role changed by any process on the database (the one-shot {@code user} command included) takes effect
 * on the next call. Blocked sources and users are refused before the cache is consulted, and failures are never
 * remembered, so every wrong guess is hashed and counted.
 */
@Component(service = UserDirectory.class, configurationPid = VerifiedTokens.PID)
@Designate(ocd = JdbcUserDirectory.Config.class)
public class JdbcUserDirectory implements UserDirectory {
    /**
     * The token cache's settings ({@code lmwb.users.cfg} in {@code runtime/deploy}); a double underscore is one
     * underscore in the key (the metatype name mapping), and {@link VerifiedTokens.Settings} reads and checks them.
     */
    @ObjectClassDefinition(id = VerifiedTokens.PID, name = "lmwb users",
            description = "How long and how many verified API tokens the server remembers")
    @interface Config {
        /** @return minutes a verified token is taken on a database read alone */
        @AttributeDefinition(name = "Token cache minutes", required = false, description = "Minutes after its slow "
                + "verification that a token is taken on an indexed read of its row alone (0-1440; 0: hash every call)")
        int token__cache__minutes() default 10;

        /** @return the most tokens remembered */
        @AttributeDefinition(name = "Token cache size", required = false,
                description = "The most verified tokens remembered (1-1000000); the least recently used go first")
        int token__cache__size() default VerifiedTokens.Settings.DEFAULT_SIZE;
    }

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration BLOCK = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    private static final System.Logger LOG = System.getLogger(JdbcUserDirectory.class.getName());
    /** SQLSTATE of a unique/primary-key violation (SQL standard; H2 and PostgreSQL both use it). */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource db;
    private final Clock clock;
    private final SecureRandom random;
    private final TokenHasher hasher;
    private final FailureLimiter limiter;
    /** A hash to verify against when a token id is unknown, so that an unknown id takes as long as a wrong secret. */
    private final TokenHasher.Hash decoy;
    private final VerifiedTokens verified;
    /** Slow verifications under way, by cache key: a call presenting the same token meanwhile waits for the answer. */
    private final Map<String, CompletableFuture<Verification>> verifying = new ConcurrentHashMap<>();

    /**
     * @param db the runtime's database (token cache settings: the defaults)
     */
    public JdbcUserDirectory(DataSource db) {
        this(db, Map.of());
    }

    /**
     * @param db the runtime's database
     * @param config the token cache's settings ({@code token_cache_minutes}, {@code token_cache_size}); a bad value
     *     is logged with its key and the defaults are used
     */
    @Activate
    public JdbcUserDirectory(@Reference(target = "(lmwb.db=main)") DataSource db, Map<String, Object> config) {
        this(db, Clock.systemUTC(), new SecureRandom(), TokenHasher.DEFAULT_ITERATIONS, config);
    }

    JdbcUserDirectory(DataSource db, Clock clock, SecureRandom random, int iterations) {
        this(db, clock, random, iterations, Map.of());
    }

    JdbcUserDirectory(DataSource db, Clock clock, SecureRandom random, int iterations, Map<String, ?> config) {
        this.db = db;
        this.clock = clock;
        this.random = random;
        this.hasher = new TokenHasher(random, iterations);
        this.limiter = new FailureLimiter(clock, MAX_FAILURES, WINDOW, BLOCK);
        this.decoy = hasher.hash(Tokens.generate(random).secret());
        this.verified = new VerifiedTokens(clock, random, cacheSettings(config));
    }

    /** @param config a changed {@code lmwb.users.cfg}: the cache takes the new limits (users stay signed in) */
    @Modified
    void modified(Map<String, Object> config) {
        verified.configure(cacheSettings(config));
    }

    /** The settings, or the defaults with one WARNING line naming the bad key (a cache setting never stops sign-in). */
    private static VerifiedTokens.Settings cacheSettings(Map<String, ?> config) {
        try {
            return VerifiedTokens.Settings.validated(config);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; using the defaults ("
                    + VerifiedTokens.Settings.DEFAULT_AGE.toMinutes() + " minutes, "
                    + VerifiedTokens.Settings.DEFAULT_SIZE + " tokens)");
            return new VerifiedTokens.Settings(VerifiedTokens.Settings.DEFAULT_AGE, VerifiedTokens.Settings.DEFAULT_SIZE);
        }
    }

    @Override
    public IssuedToken add(String name, Role role, List<String> sshKeys) {
        String n = validName(name);
        if (role == null) {
            throw new IllegalArgumentException("a role is needed; use one of: " + Role.allIds());
        }
        List<String> keys = validKeys(sshKeys);
        Tokens.Parsed token = Tokens.generate(random);
        TokenHasher.Hash hash = hasher.hash(token.secret());
        Instant now = now();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (exists(c, n)) {
                    throw new DuplicateUserException("user '" + n + "' already exists; 'user token " + n
                            + "' issues a new token, 'user remove " + n + "' removes it");
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, role, created) VALUES (?, ?, ?)")) {
                    s.setString(1, n);
                    s.setString(2, role.id());
                    s.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ssh_keys (user_name, ordinal, key_line) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < keys.size(); i++) {
                        s.setString(1, n);
                        s.setInt(2, i);
                        s.setString(3, keys.get(i));
                        s.executeUpdate();
                    }
                }
                insertToken(c, n, token, hash, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                    throw new DuplicateUserException("user '" + n + "' already exists");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return new IssuedToken(new User(n, role, now, keys), Tokens.format(token));
    }

    @Override
    public List<User> list() {
        try (Connection c = db.getConnection()) {
            return users(c, null);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<User> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            return users(c, name).stream().findFirst();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void remove(String name) {
        try (Connection c = db.getConnection()) {
            int removed;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
                s.setString(1, name);
                removed = s.executeUpdate();
            }
            if (removed == 0) {
                throw unknown(c, name);
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            verified.forget(name);
        }
    }

    @Override
    public IssuedToken newToken(String name) {
        Tokens.Parsed token = Tokens.generate(random);
        TokenHasher.Hash hash = hasher.hash(token.secret());
        Instant now = now();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                User user;
                // FOR UPDATE: two concurrent 'user token' calls end with one valid token, not two
                try (PreparedStatement s = c.prepareStatement("SELECT name FROM users WHERE name = ? FOR UPDATE")) {
                    s.setString(1, name);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw unknown(c, name);
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE api_tokens SET revoked = ? WHERE user_name = ? AND revoked IS NULL")) {
                    s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    s.setString(2, name);
                    s.executeUpdate();
                }
                insertToken(c, name, token, hash, now);
                user = users(c, name).get(0);
                c.commit();
                return new IssuedToken(user, Tokens.format(token));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            verified.forget(name);
        }
    }

    /** @return how many slow hashes this directory has verified (tests count what the token cache saves) */
    long slowVerifications() {
        return hasher.verifications();
    }

    /** @return the number of tokens remembered (for tests) */
    int cachedTokens() {
        return verified.size();
    }

    @Override
    public Optional<User> authenticate(String token, String source) {
        String src = printable(source);
        if (blocked(src)) {
            return Optional.empty();
        }
        Optional<Tokens.Parsed> parsed = Tokens.parse(token);
        if (parsed.isEmpty()) {
            failed(src, null, "malformed token");
            return Optional.empty();
        }
        String key = verified.key(token);
        Optional<VerifiedTokens.Entry> cached = verified.get(key);
        if (cached.isPresent()) {
            User user = cached.get().user();
            if (userBlocked(user.name(), src)) {
                return Optional.empty();
            }
            if (stillValid(cached.get())) {
                return Optional.of(user);
            }
            // revoked, removed or changed since: the full check below tells which, counts and logs it
            verified.remove(key);
        }
        CompletableFuture<Verification> mine = new CompletableFuture<>();
        CompletableFuture<Verification> running = verifying.putIfAbsent(key, mine);
        if (running != null) {
            return waitFor(running, src);
        }
        try {
            Verification v = verify(parsed.get(), src);
            if (v.user() != null) {
                verified.put(key, new VerifiedTokens.Entry(parsed.get().id(), v.user(), clock.instant()));
            }
            mine.complete(v);
            return Optional.ofNullable(v.user());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            verifying.remove(key, mine);
        }
    }

    /**
     * The outcome of a slow verification, for the calls that waited for it.
     *
     * @param user the token's user; {@code null} when refused
     * @param failedUser whose token it was, when known and refused
     * @param why why it was refused; {@code null} for a refusal that is not a failure (a blocked user)
     */
    private record Verification(User user, String failedUser, String why) {
    }

    /** Another call's verification of the same token: its answer, a failure counted for this caller's source too. */
    private Optional<User> waitFor(CompletableFuture<Verification> running, String src) {
        Verification v;
        try {
            v = running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (v.why() != null) {
            failed(src, v.failedUser(), v.why());
        }
        return Optional.ofNullable(v.user());
    }

    /** The slow check: the token's row, its hash, its revocation, the user. */
    private Verification verify(Tokens.Parsed parsed, String src) {
        StoredToken stored;
        try (Connection c = db.getConnection()) {
            stored = storedToken(c, parsed.id());
        } catch (SQLException e) {
            throw failure(e);
        }
        if (stored == null) {
            hasher.matches(parsed.secret(), decoy);
            failed(src, null, "unknown token");
            return new Verification(null, null, "unknown token");
        }
        if (userBlocked(stored.user(), src)) {
            return new Verification(null, stored.user(), null);
        }
        boolean matches = hasher.matches(parsed.secret(), stored.hash());
        if (!matches || stored.revoked()) {
            String why = matches ? "revoked token" : "wrong token";
            failed(src, stored.user(), why);
            return new Verification(null, stored.user(), why);
        }
        return new Verification(find(stored.user()).orElse(null), null, null);
    }

    /** @return whether the user is blocked after repeated failures (logged with the source) */
    private boolean userBlocked(String user, String src) {
        Duration blocked = limiter.blockedFor(userKey(user));
        if (blocked.isZero()) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, () -> "authentication refused: user " + user + " is blocked for "
                + blocked.toSeconds() + " s more after repeated failures (source " + src + ")");
        return true;
    }

    /**
     * The cheap check of a remembered token on every use: its row is still there, not revoked, of the same user,
     * whose role is unchanged (one read by primary key).
     */
    private boolean stillValid(VerifiedTokens.Entry entry) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT u.role FROM api_tokens t "
                + "JOIN users u ON u.name = t.user_name WHERE t.token_id = ? AND t.user_name = ? AND t.revoked IS NULL")) {
            s.setString(1, entry.tokenId());
            s.setString(2, entry.user().name());
            try (ResultSet r = s.executeQuery()) {
                return r.next() && Role.parse(r.getString(1)) == entry.user().role();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void setPassword(String name, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_LENGTH + " characters; "
                    + "choose a longer one");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has at most " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (password.startsWith(Tokens.PREFIX)) {
            throw new IllegalArgumentException("a password must not start with '" + Tokens.PREFIX + "' (tokens do); "
                    + "choose another");
        }
        if (!password.equals(password.strip())) {
            throw new IllegalArgumentException("a password must not start or end with a space");
        }
        TokenHasher.Hash hash = hasher.hash(password);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT name FROM users WHERE name = ? FOR UPDATE")) {
                    s.setString(1, name);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw unknown(c, name);
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM user_passwords WHERE user_name = ?")) {
                    s.setString(1, name);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO user_passwords "
                        + "(user_name, algorithm, iterations, salt, hash, created) VALUES (?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, name);
                    s.setString(2, hash.algorithm());
                    s.setInt(3, hash.iterations());
                    s.setString(4, hash.salt());
                    s.setString(5, hash.hash());
                    s.setObject(6, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        LOG.log(System.Logger.Level.INFO, () -> "password of user " + name + " set");
    }

    /** @return whether the source is blocked after repeated failures (logged; a token or password is then not even checked) */
    private boolean blocked(String src) {
        Duration blocked = limiter.blockedFor(sourceKey(src));
        if (blocked.isZero()) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, () -> "authentication refused: source " + src + " is blocked for "
                + blocked.toSeconds() + " s more after repeated failures");
        return true;
    }

    @Override
    public Optional<User> authenticatePassword(String name, String password, String source) {
        String src = printable(source);
        if (blocked(src)) {
            return Optional.empty();
        }
        String user = name == null ? "" : name.strip();
        TokenHasher.Hash stored = null;
        if (NAME.matcher(user).matches()) {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT algorithm, iterations, salt, hash FROM user_passwords WHERE user_name = ?")) {
                s.setString(1, user);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        stored = new TokenHasher.Hash(r.getString(1), r.getInt(2), r.getString(3), r.getString(4));
                    }
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        if (stored == null) {
            // as long as a wrong password: whether a user exists or has a password is not told by the time taken
            hasher.matches(password == null ? "" : password, decoy);
            failed(src, null, "unknown user or no password set");
            return Optional.empty();
        }
        if (userBlocked(user, src)) {
            return Optional.empty();
        }
        if (password == null || !hasher.matches(password, stored)) {
            failed(src, user, "wrong password");
            return Optional.empty();
        }
        return find(user);
    }

    @Override
    public Duration blockedFor(String source) {
        return limiter.blockedFor(sourceKey(printable(source)));
    }

    /** A source as it is logged and counted: clients choose it, so no line breaks or control characters. */
    private static String printable(String source) {
        if (source == null || source.isBlank()) {
            return "unknown";
        }
        String s = source.strip().replaceAll("\\p{Cntrl}", "?");
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public List<String> sshKeys(String name) {
        return find(name).map(User::sshKeys).orElse(List.of());
    }

    private record StoredToken(String user, TokenHasher.Hash hash, boolean revoked) {
    }

    private static StoredToken storedToken(Connection c, String tokenId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT user_name, algorithm, iterations, salt, hash, revoked "
                + "FROM api_tokens WHERE token_id = ?")) {
            s.setString(1, tokenId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                return new StoredToken(r.getString(1), new TokenHasher.Hash(r.getString(2), r.getInt(3), r.getString(4),
                        r.getString(5)), r.getObject(6) != null);
            }
        }
    }

    private void failed(String source, String user, String why) {
        int bySource = limiter.fail(sourceKey(source));
        int byUser = user == null ? 0 : limiter.fail(userKey(user));
        LOG.log(System.Logger.Level.WARNING, () -> "authentication failed from " + source
                + (user == null ? "" : " for user " + user) + ": " + why + " (failure " + Math.max(bySource, byUser)
                + " within " + WINDOW.toSeconds() + " s; failure " + MAX_FAILURES + " blocks for " + BLOCK.toSeconds()
                + " s)");
    }

    private static String sourceKey(String source) {
        return "source:" + source;
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private void insertToken(Connection c, String user, Tokens.Parsed token, TokenHasher.Hash hash, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO api_tokens "
                + "(token_id, user_name, algorithm, iterations, salt, hash, created) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, token.id());
            s.setString(2, user);
            s.setString(3, hash.algorithm());
            s.setInt(4, hash.iterations());
            s.setString(5, hash.salt());
            s.setString(6, hash.hash());
            s.setObject(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Every user ({@code name == null}) or one, with their SSH keys, by name. */
    private static List<User> users(Connection c, String name) throws SQLException {
        String where = name == null ? "" : " WHERE u.name = ?";
        Map<String, Object[]> rows = new LinkedHashMap<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT u.name, u.role, u.created FROM users u" + where
                + " ORDER BY u.name")) {
            if (name != null) {
                s.setString(1, name);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), new Object[] {Role.parse(r.getString(2)),
                            r.getObject(3, OffsetDateTime.class).toInstant()});
                    keys.put(r.getString(1), new ArrayList<>());
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT u.name, k.key_line FROM users u JOIN ssh_keys k "
                + "ON k.user_name = u.name" + where + " ORDER BY u.name, k.ordinal")) {
            if (name != null) {
                s.setString(1, name);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<String> list = keys.get(r.getString(1));
                    if (list != null) {
                        list.add(r.getString(2));
                    }
                }
            }
        }
        List<User> users = new ArrayList<>();
        rows.forEach((n, v) -> users.add(new User(n, (Role) v[0], (Instant) v[1], keys.get(n))));
        return users;
    }

    private static UnknownUserException unknown(Connection c, String name) throws SQLException {
        List<String> names = users(c, null).stream().map(User::name).toList();
        return new UnknownUserException("no user '" + name + "'; " + (names.isEmpty() ? "there are no users yet"
                : "users: " + String.join(", ", names)));
    }

    private static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad user name '" + name + "': use 1-" + MAX_NAME_LENGTH
                    + " characters, lower-case letters, digits, '-' and '_', starting with a letter");
        }
        return name;
    }

    private static List<String> validKeys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        if (lines == null) {
            return keys;
        }
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(SshPublicKeys.validated(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((lines.size() > 1 ? "ssh key " + (i + 1) + ": " : "ssh key: ")
                        + e.getMessage());
            }
        }
        return keys;
    }

    private Instant now() {
        // the database keeps microseconds; truncating here makes the returned user equal the stored one
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A database failure: one line, the database's own message (lmwb.db's explains what to do). */
    private static IllegalStateException failure(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip().split("\\R", 2)[0];
        return new IllegalStateException(message.startsWith("database: ") ? message : "database: " + message, e);
    }
}
