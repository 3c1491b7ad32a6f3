package lmwb.estimators.estimate;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import lmwb.api.results.ResultStore;
import lmwb.db.Database;
import lmwb.db.DatabaseSettings;
import lmwb.results.JdbcResultStore;

/** The runtime's result store for tests: lmwb.results on a fresh H2 file, its files in a temp folder. Close it. */
public final class TestStore implements AutoCloseable {
    private final Database db;
    /** The store. */
    public final ResultStore store;

    /**
     * @param dir a temp folder (database and result files go below it)
     * @throws SQLException when the database cannot be opened
     */
    public TestStore(Path dir) throws SQLException {
        db = Database.open(DatabaseSettings.validated(Map.of(), dir));
        store = new JdbcResultStore(db, Map.of("directory", dir.resolve("results").toString()));
    }

    @Override
    public void close() {
        db.close();
    }
}
