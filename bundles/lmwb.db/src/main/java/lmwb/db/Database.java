package lmwb.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * An open database whose schema is up to date: opened from {@link DatabaseSettings}, migrated by Flyway from the
 * SQL scripts in {@code lmwb/db/migration} (V1, V2, ... applied once each, recorded in {@code flyway_schema_history}).
 *
 * <p>Connections come from H2's own pool, for both databases (it takes any {@code ConnectionPoolDataSource}); for
 * H2 it also keeps the embedded database open while the pool lives.
 */
public final class Database implements DataSource, AutoCloseable {
    /** Where the migration scripts are, on this bundle's class path. */
    static final String MIGRATIONS = "classpath:lmwb/db/migration";
    /** Flyway logs through java.util.logging here; its per-start INFO lines are not for users. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    /**
     * Flyway 10.20.1 warns on every start that H2 2.3.232 is newer than the 2.2.224 it was tested with; lmwb's
     * tests run the migrations on 2.3.232 (and PostgreSQL 16), so that warning is not for users.
     */
    private static final Logger FLYWAY_VERSION_CHECK_LOG = Logger.getLogger(
            "org.flywaydb.core.internal.database.base.Database");

    static {
        FLYWAY_LOG.setLevel(Level.WARNING);
        FLYWAY_VERSION_CHECK_LOG.setLevel(Level.SEVERE);
    }

    private final DatabaseSettings settings;
    private final DataSource delegate;
    private final JdbcConnectionPool pool;
    private final String schemaVersion;
    private final long openMillis;
    private final long connectMillis;

    private Database(DatabaseSettings settings, DataSource delegate, JdbcConnectionPool pool, String schemaVersion,
            long openMillis, long connectMillis) {
        this.connectMillis = connectMillis;
        this.settings = settings;
        this.delegate = delegate;
        this.pool = pool;
        this.schemaVersion = schemaVersion;
        this.openMillis = openMillis;
    }

    /**
     * Opens the database and migrates its schema to the newest version.
     *
     * @param settings where the database is
     * @return the open database
     * @throws SQLException with a one-line message (what failed and what to do) when it cannot be opened or migrated
     */
    public static Database open(DatabaseSettings settings) throws SQLException {
        long start = System.nanoTime();
        JdbcConnectionPool pool = null;
        DataSource ds;
        if (settings.kind() == DatabaseSettings.Kind.H2) {
            ownerOnlyFolder(settings.url());
            pool = JdbcConnectionPool.create(settings.url(), settings.user(), settings.password());
            pool.setMaxConnections(32);
            ds = pool;
        } else {
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(settings.url());
            if (!settings.user().isEmpty()) {
                pg.setUser(settings.user());
            }
            if (!settings.password().isEmpty()) {
                pg.setPassword(settings.password());
            }
            // H2's pool takes any ConnectionPoolDataSource: a new PostgreSQL connection costs ~20 ms, which every
            // query paid before (bench/server: p50 22 ms for the newest 50 results, 0.3 ms on H2)
            pool = JdbcConnectionPool.create(pg);
            pool.setMaxConnections(32);
            ds = pool;
        }
        try {
            try (Connection c = ds.getConnection()) {
                c.isValid(5);
            }
            long connected = System.nanoTime();
            String version = migrate(settings, ds);
            long end = System.nanoTime();
            return new Database(settings, ds, pool, version, (end - start) / 1_000_000, (connected - start) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            if (pool != null) {
                pool.dispose();
            }
            throw new SQLException(explain(settings, e), e);
        }
    }

    /**
     * Creates the folder of an H2 file database readable by its owner only: with {@code AUTO_SERVER} its lock file
     * holds the port and key that let a process connect, and the database holds users' token hashes.
     */
    private static void ownerOnlyFolder(String url) throws SQLException {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return;
        }
        String file = url.substring(prefix.length()).split(";", 2)[0];
        java.nio.file.Path folder = java.nio.file.Path.of(file).toAbsolutePath().getParent();
        if (folder == null || java.nio.file.Files.isDirectory(folder)) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(folder.getParent());
            java.nio.file.Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made by another process meanwhile
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: H2 creates the folder
        } catch (java.io.IOException e) {
            throw new SQLException("database: cannot create " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String migrate(DatabaseSettings settings, DataSource ds) {
        ClassLoader bundleLoader = Database.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Flyway loads its database plugins and scans for scripts through this loader: the bundle's own.
        thread.setContextClassLoader(bundleLoader);
        try {
            MigrateResult result = Flyway.configure(bundleLoader)
                    .dataSource(ds)
                    .locations(MIGRATIONS)
                    .placeholders(Map.of("long_text", settings.kind() == DatabaseSettings.Kind.H2 ? "CLOB" : "TEXT"))
                    // java.util.logging, whatever else is on the class path (its WARNING+ reach stderr)
                    .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** One line for the user: what failed, where, and what to do. */
    static String explain(DatabaseSettings settings, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (settings.kind() == DatabaseSettings.Kind.H2 && t instanceof SQLException s
                    && s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return "database: " + settings.url() + " is in use by another lmwb process (a running 'lmwb serve'?);"
                        + " stop it, or send the command to that server";
            }
        }
        String what = e instanceof FlywayException ? "cannot migrate the schema of" : "cannot open";
        String message = String.valueOf(e.getMessage()).strip().split("\\R", 2)[0];
        return "database: " + what + " " + settings.url() + ": " + message + " (configure the database with key '"
                + DatabaseSettings.URL + "' of " + DatabaseSettings.PID + ".cfg)";
    }

    /** @return the settings this database was opened with */
    public DatabaseSettings settings() {
        return settings;
    }

    /** @return the schema version after migration ({@code 1} for V1) */
    public String schemaVersion() {
        return schemaVersion;
    }

    /** @return how long the first connection took (opening an embedded database), in milliseconds */
    public long connectMillis() {
        return connectMillis;
    }

    /** @return how long opening and migrating took, in milliseconds */
    public long openMillis() {
        return openMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }

    /** Closes pooled connections; an embedded H2 database closes with its last connection. */
    @Override
    public void close() {
        if (pool != null) {
            pool.dispose();
        }
    }
}
