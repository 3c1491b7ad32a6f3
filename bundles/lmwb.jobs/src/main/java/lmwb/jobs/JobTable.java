package lmwb.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import lmwb.api.ProgressEvent;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobState;
import lmwb.common.json.Json;

/**
 * The {@code jobs} table of lmwb.db's schema: every state change is one conditional UPDATE (from the state it must
 * be in), so that a claim, a cancel and a finish never overwrite each other.
 */
final class JobTable {
    /** What a job that was running when the server stopped without finishing it says. */
    static final String INTERRUPTED = "interrupted by a server restart";
    private static final int MAX_ERROR = 4000;
    private static final String COLUMNS = "id, command, args, user_name, state, progress, result_id, error, submitted,"
            + " started, finished";

    private final DataSource db;
    private final Clock clock;

    JobTable(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * Inserts a queued job and reads it back in the same transaction, so the caller gets the job as submitted: read
     * after the commit, a free worker could already have claimed it and the submitter would see it running.
     */
    Job insert(String command, String args, String user) {
        try (Connection c = db.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO jobs (command, args, user_name, state, submitted) VALUES (?, ?, ?, 'queued', ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, command);
                s.setString(2, args);
                s.setString(3, user);
                s.setObject(4, now());
                s.executeUpdate();
                Job job;
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    job = get(c, keys.getLong(1)).orElseThrow();
                }
                c.commit();
                return job;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    Optional<Job> get(long id) {
        try (Connection c = db.getConnection()) {
            return get(c, id);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Optional<Job> get(Connection c, long id) throws SQLException {
        List<Job> jobs = select(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ?", List.of(id));
        return jobs.stream().findFirst();
    }

    List<Job> list(JobState state, String user, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.toString());
        }
        if (user != null) {
            sql.append(" AND user_name = ?");
            params.add(user);
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        try (Connection c = db.getConnection()) {
            return select(c, sql.toString(), params);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** @return the queued jobs, oldest first (FIFO), at most {@code limit} */
    List<Job> queued(int limit) {
        try (Connection c = db.getConnection()) {
            return select(c, "SELECT " + COLUMNS + " FROM jobs WHERE state = 'queued' ORDER BY id FETCH FIRST " + limit
                    + " ROWS ONLY", List.of());
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** queued → running; false when it is no longer queued (cancelled meanwhile). */
    boolean claim(long id) {
        return update("UPDATE jobs SET state = 'running', started = ? WHERE id = ? AND state = 'queued'", now(), id) == 1;
    }

    /** queued → cancelled; false when it is not queued. */
    boolean cancelQueued(long id, String error) {
        return update("UPDATE jobs SET state = 'cancelled', finished = ?, error = ? WHERE id = ? AND state = 'queued'",
                now(), clip(error), id) == 1;
    }

    /** running → a finished state. */
    void finish(long id, JobState state, String resultId, String error) {
        update("UPDATE jobs SET state = ?, result_id = ?, error = ?, finished = ? WHERE id = ? AND state = 'running'",
                state.toString(), resultId, clip(error), now(), id);
    }

    void progress(long id, ProgressEvent event) {
        update("UPDATE jobs SET progress = ? WHERE id = ? AND state = 'running'", Json.COMPACT.toJson(event), id);
    }

    /** @return how many jobs that were running are now failed with {@value #INTERRUPTED} */
    int failInterrupted() {
        return update("UPDATE jobs SET state = 'failed', error = ?, finished = ? WHERE state = 'running'", INTERRUPTED,
                now());
    }

    private int update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static List<Job> select(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<Job> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String progress = r.getString("progress");
                    out.add(new Job(r.getLong("id"), r.getString("command"), r.getString("args"),
                            r.getString("user_name"), JobState.parse(r.getString("state")),
                            progress == null ? null : Json.COMPACT.fromJson(progress, ProgressEvent.class),
                            r.getString("result_id"), r.getString("error"), instant(r, "submitted"),
                            instant(r, "started"), instant(r, "finished")));
                }
            }
            return out;
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private static IllegalStateException failure(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip().split("\\R", 2)[0];
        return new IllegalStateException("job queue: database: " + message, e);
    }
}
