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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link UserDirectory} on the runtime's database (tables {@code users}, {@code api_tokens},
 * {@code user_passwords}, {@code ssh_keys} of lmwb.db's schema). Tokens and passwords are hashed by {@link TokenHasher}; failed authentications are counted per source and
 * per user by a {@link FailureLimiter}: {@value #MAX_FAILURES} failures within a minute block that source or user for
 * a minute. Failures are logged (System.Logger, WARNING) with the source and, when known, the user — never the
 * token.
 */
@Component(service = UserDirectory.class)
public class JdbcUserDirectory implements UserDirectory {
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

    /**
     * @param db the runtime's database
     */
    @Activate
    public JdbcUserDirectory(@Reference(target = "(lmwb.db=main)") DataSource db) {
        this(db, Clock.systemUTC(), new SecureRandom(), TokenHasher.DEFAULT_ITERATIONS);
    }

    JdbcUserDirectory(DataSource db, Clock clock, SecureRandom random, int iterations) {
        this.db = db;
        this.clock = clock;
        this.random = random;
        this.hasher = new TokenHasher(random, iterations);
        this.limiter = new FailureLimiter(clock, MAX_FAILURES, WINDOW, BLOCK);
        this.decoy = hasher.hash(Tokens.generate(random).secret());
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
        }
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
        StoredToken stored;
        try (Connection c = db.getConnection()) {
            stored = storedToken(c, parsed.get().id());
        } catch (SQLException e) {
            throw failure(e);
        }
        if (stored == null) {
            TokenHasher.matches(parsed.get().secret(), decoy);
            failed(src, null, "unknown token");
            return Optional.empty();
        }
        Duration userBlocked = limiter.blockedFor(userKey(stored.user()));
        if (!userBlocked.isZero()) {
            LOG.log(System.Logger.Level.WARNING, () -> "authentication refused: user " + stored.user()
                    + " is blocked for " + userBlocked.toSeconds() + " s more after repeated failures (source " + src + ")");
            return Optional.empty();
        }
        boolean matches = TokenHasher.matches(parsed.get().secret(), stored.hash());
        if (!matches || stored.revoked()) {
            failed(src, stored.user(), matches ? "revoked token" : "wrong token");
            return Optional.empty();
        }
        return find(stored.user());
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
            TokenHasher.matches(password == null ? "" : password, decoy);
            failed(src, null, "unknown user or no password set");
            return Optional.empty();
        }
        Duration userBlocked = limiter.blockedFor(userKey(user));
        if (!userBlocked.isZero()) {
            LOG.log(System.Logger.Level.WARNING, () -> "authentication refused: user " + user + " is blocked for "
                    + userBlocked.toSeconds() + " s more after repeated failures (source " + src + ")");
            return Optional.empty();
        }
        if (password == null || !TokenHasher.matches(password, stored)) {
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
