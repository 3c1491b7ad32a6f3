package lmwb.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import lmwb.api.LmwbHome;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The runtime's database as a {@link DataSource} service (service property {@value #SERVICE_PROPERTY}{@code =main}),
 * configured through ConfigAdmin PID {@value DatabaseSettings#PID}.
 *
 * <p>The configuration is validated at activation. The database is opened and its schema migrated on the first
 * {@link #getConnection()}, so commands that never touch it (rank, embed...) pay nothing. A configuration or
 * database problem never stops the component: every {@link #getConnection()} then fails with one line that says
 * what is wrong and names the key, which is what a command shows its user; opening is retried on the next call
 * (another process may have released an embedded database).
 */
@Component(service = DataSource.class, configurationPid = DatabaseSettings.PID,
        property = DatabaseService.SERVICE_PROPERTY + "=main")
@Designate(ocd = DatabaseService.Config.class)
public class DatabaseService implements DataSource {
    /** Service property that marks lmwb's database among other DataSource services. */
    public static final String SERVICE_PROPERTY = "lmwb.db";
    private static final System.Logger LOG = System.getLogger(DatabaseService.class.getName());

    /** Configuration of the runtime's database. */
    @ObjectClassDefinition(id = DatabaseSettings.PID, name = "lmwb database",
            description = "Where lmwb keeps users, jobs and results")
    @interface Config {
        /** @return the JDBC URL */
        @AttributeDefinition(name = "JDBC URL", required = false, description = "jdbc:postgresql://HOST[:PORT]/DATABASE "
                + "or jdbc:h2:file:/ABSOLUTE/PATH; empty: the embedded H2 database LMWB_HOME/db/lmwb")
        String url() default "";

        /** @return the database user */
        @AttributeDefinition(name = "User", required = false, description = "Database user; empty: sa for H2, "
                + "the operating-system user for PostgreSQL")
        String user() default "";

        /** @return the database password */
        @AttributeDefinition(name = "Password", required = false, description = "Database password",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String password() default "";
    }

    private final DatabaseSettings settings;
    private final String configurationError;
    private Database database;

    /**
     * Validates the configuration; the database is opened on first use.
     *
     * @param properties the configuration (empty without a {@code lmwb.db.cfg}: the embedded default)
     */
    @Activate
    public DatabaseService(Map<String, Object> properties) {
        DatabaseSettings s = null;
        String error = null;
        try {
            s = DatabaseSettings.validated(properties, LmwbHome.resolve());
        } catch (IllegalArgumentException e) {
            // kept, not logged: every use reports it, as the one line its command or request shows
            error = e.getMessage();
        }
        this.settings = s;
        this.configurationError = error;
    }

    /** @return the open, migrated database, opening it on first use */
    synchronized Database database() throws SQLException {
        if (configurationError != null) {
            throw new SQLException(configurationError);
        }
        if (database == null) {
            database = Database.open(settings);
            LOG.log(System.Logger.Level.DEBUG, () -> "database " + settings.url() + " opened at schema version "
                    + database.schemaVersion() + " in " + database.openMillis() + " ms (first connection "
                    + database.connectMillis() + " ms, Flyway " + (database.openMillis() - database.connectMillis())
                    + " ms)");
        }
        return database;
    }

    @Deactivate
    synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return database().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return database().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return database().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        database().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        database().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return database().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("lmwb.db logs through System.Logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return database().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || database().isWrapperFor(type);
    }
}
