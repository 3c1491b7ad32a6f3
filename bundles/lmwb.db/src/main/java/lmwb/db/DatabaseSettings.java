package lmwb.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The validated configuration of the runtime's database (ConfigAdmin PID {@value #PID}).
 *
 * @param url the JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
 * @param user the database user
 * @param password the database user's password (never printed)
 * @param kind which database the URL names
 */
public record DatabaseSettings(String url, String user, String password, Kind kind) {
    /** The configuration PID: {@code lmwb.db.cfg} in {@code runtime/deploy} or {@code LMWB_HOME/etc}. */
    public static final String PID = "lmwb.db";
    /** The configuration keys. */
    public static final String URL = "url", USER = "user", PASSWORD = "password";
    /**
     * H2's automatic mixed mode for the default file: the first process that opens it serves it to the others over
     * a loopback TCP port, so local commands ({@code lmwb results}, {@code lmwb user add}) work while
     * {@code lmwb serve} runs. The port and a random key are in {@code db/lmwb.lock.db}, which lmwb.db makes readable
     * by its owner only; when the serving process exits, another one takes over. {@code WRITE_DELAY=0}: H2 writes a
     * commit to the file at once (its default waits up to 500 ms), so a job queued or a result stored just before a
     * {@code kill -9} of the server is still there at the next start.
     */
    static final String H2_SHARED = ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    /** The default H2 user (H2's own convention). */
    static final String H2_DEFAULT_USER = "sa";

    /** The databases lmwb supports. */
    public enum Kind {
        /** H2 2.x, embedded in the runtime's JVM (the default) or an H2 server. */
        H2("jdbc:h2:"),
        /** PostgreSQL 12 or later. */
        POSTGRESQL("jdbc:postgresql:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Checks the fields. */
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param home the lmwb home folder
     * @return the default: an embedded H2 database in the file {@code home/db/lmwb} (H2 adds {@code .mv.db}),
     *     shared with other local processes (H2's {@code AUTO_SERVER})
     */
    public static DatabaseSettings defaults(Path home) {
        return new DatabaseSettings(defaultUrl(home), H2_DEFAULT_USER, "", Kind.H2);
    }

    /**
     * @param home the lmwb home folder
     * @return the default JDBC URL
     */
    public static String defaultUrl(Path home) {
        return "jdbc:h2:file:" + home.toAbsolutePath().resolve("db").resolve("lmwb") + H2_SHARED;
    }

    /**
     * Validates a configuration as ConfigAdmin hands it over.
     *
     * @param properties the configuration's properties (ConfigAdmin's and the framework's dotted keys are ignored)
     * @param home the lmwb home folder, for the default URL
     * @return the settings
     * @throws IllegalArgumentException naming the key that is wrong and what it may be
     */
    public static DatabaseSettings validated(Map<String, ?> properties, Path home) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            // service.pid, component.name, felix.fileinstall.filename... belong to the framework
            if (!key.contains(".") && !key.equals(URL) && !key.equals(USER) && !key.equals(PASSWORD)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(PID + ": unknown key '" + unknown.first() + "'; the keys are " + URL
                    + ", " + USER + ", " + PASSWORD);
        }
        String url = text(properties, URL).strip();
        String user = text(properties, USER).strip();
        String password = text(properties, PASSWORD);
        if (url.isEmpty()) {
            DatabaseSettings d = defaults(home);
            return new DatabaseSettings(d.url(), user.isEmpty() ? d.user() : user, password, Kind.H2);
        }
        for (Kind k : Kind.values()) {
            if (url.startsWith(k.prefix)) {
                if (url.length() == k.prefix.length()) {
                    break;
                }
                return new DatabaseSettings(url, user.isEmpty() && k == Kind.H2 ? H2_DEFAULT_USER : user, password, k);
            }
        }
        throw new IllegalArgumentException(PID + ": key '" + URL + "' is '" + url
                + "'; use jdbc:postgresql://HOST[:PORT]/DATABASE, jdbc:h2:file:/ABSOLUTE/PATH, or leave it empty for "
                + "the embedded database in LMWB_HOME/db");
    }

    private static String text(Map<String, ?> properties, String key) {
        Object v = properties.get(key);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(PID + ": key '" + key + "' must be text, not " + v.getClass().getSimpleName());
        }
        return s;
    }

    /** @return the settings without the password */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", kind=" + kind + "]";
    }
}
