package lmwb.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import lmwb.api.capability.Capability;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobEvent;
import lmwb.api.jobs.JobState;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import lmwb.db.Database;
import lmwb.db.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job queue on both real databases (H2 file, PostgreSQL 16; see {@link TestDatabases}) with a real capability
 * whose steps the test lets through ({@link GateCapability}). Waits are functional bounds (30 s), not timings.
 */
class JdbcJobQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final User ALICE = new User("alice", Role.MEMBER, Instant.EPOCH, List.of());
    private static final User BOB = new User("bob", Role.MEMBER, Instant.EPOCH, List.of());
    private static final User ROOT = new User("root", Role.ADMIN, Instant.EPOCH, List.of());
    private static final User VIEWER = new User("vera", Role.VIEWER, Instant.EPOCH, List.of());

    @TempDir
    Path home;
    private Database db;
    private final List<JdbcJobQueue> queues = new ArrayList<>();
    private final GateCapability gate = new GateCapability();

    @AfterEach
    void close() {
        queues.forEach(JdbcJobQueue::stop);
        if (db != null) {
            db.close();
        }
    }

    private JdbcJobQueue queue(TestDatabases kind, int workers) throws Exception {
        if (db == null) {
            db = kind.open(home);
        }
        return queue(db, workers);
    }

    private JdbcJobQueue queue(javax.sql.DataSource source, int workers) {
        ServerSettings settings = new ServerSettings(8421, 8422, "127.0.0.1", workers, null, "", false, List.of());
        Server server = () -> settings;
        JdbcJobQueue q = new JdbcJobQueue(source, server);
        q.addCapability(gate, Map.of(Capability.NAME, "gate"));
        queues.add(q);
        return q;
    }

    private static Job await(JdbcJobQueue q, long id, Predicate<Job> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Job j = q.get(id).orElseThrow();
        while (!condition.test(j)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not get there within " + WAIT + ": " + j);
            }
            Thread.sleep(20);
            j = q.get(id).orElseThrow();
        }
        return j;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void jobsRunFirstInFirstOutOneAtATime(TestDatabases kind) throws Exception {
        JdbcJobQueue q = queue(kind, 1);
        Job a = q.submit(ALICE, "gate", "{\"steps\": 2}");
        Job b = q.submit(BOB, "gate", "{}");
        assertEquals(JobState.QUEUED, a.state());
        assertEquals("{\"steps\":2}", a.args());
        await(q, a.id(), j -> j.state() == JobState.RUNNING);
        assertEquals(JobState.QUEUED, q.get(b.id()).orElseThrow().state(), "one worker: b waits while a runs");
        gate.permits.release();
        Job halfway = await(q, a.id(), j -> j.progress() != null);
        assertEquals(1, halfway.progress().done());
        assertEquals(2, halfway.progress().total());
        gate.permits.release();
        Job doneA = await(q, a.id(), j -> j.state().finished());
        assertEquals(JobState.SUCCEEDED, doneA.state());
        assertEquals("r-" + a.id(), doneA.resultId());
        Job runningB = await(q, b.id(), j -> j.state() == JobState.RUNNING);
        assertFalse(runningB.started().isBefore(doneA.finished()), "b starts after a finished");
        gate.permits.release();
        Job doneB = await(q, b.id(), j -> j.state().finished());
        assertEquals(JobState.SUCCEEDED, doneB.state());
        assertEquals("bob", gate.lastUser, "the capability runs as the job's user");
        assertEquals(List.of(b.id(), a.id()), q.list(null, null, 10).stream().map(Job::id).toList(), "newest first");
        assertEquals(List.of(a.id()), q.list(JobState.SUCCEEDED, "alice", 10).stream().map(Job::id).toList());
    }

    /** Records the request the queue hands to {@code embed} (the real request type of the embed command). */
    private static final class EmbedRecorder implements Capability<lmwb.api.encoder.EmbedRequest, GateCapability.Result> {
        final java.util.concurrent.BlockingQueue<lmwb.api.encoder.EmbedRequest> ran =
                new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public String name() {
            return "embed";
        }

        @Override
        public String description() {
            return "records its request";
        }

        @Override
        public Class<lmwb.api.encoder.EmbedRequest> requestType() {
            return lmwb.api.encoder.EmbedRequest.class;
        }

        @Override
        public GateCapability.Result run(lmwb.api.encoder.EmbedRequest request, lmwb.api.capability.RunContext c) {
            ran.add(request);
            return new GateCapability.Result("r-" + c.jobId(), "test");
        }
    }

    /**
     * Issue 19: the server, not the job, picks the Spark master. Under {@code embedding_engine=spark} a plain embed
     * job runs with the configured master in its request (what EmbedCapability turns into ModelOptions.sparkMaster,
     * the cache-miss path to the Spark driver); a job naming another master is refused at submit with one line (the
     * SSH shell and the REST API both submit here). Expected values: the configured settings below.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void jobsEmbedOnTheConfiguredSparkMasterOnly(TestDatabases kind) throws Exception {
        db = kind.open(home);
        ServerSettings settings = new ServerSettings(8421, 8422, "127.0.0.1", 1, null, "", false, List.of(),
                lmwb.api.encoder.EmbeddingEngine.SPARK, "local[1]");
        JdbcJobQueue q = new JdbcJobQueue(db, () -> settings);
        queues.add(q);
        EmbedRecorder embed = new EmbedRecorder();
        q.addCapability(embed, Map.of(Capability.NAME, "embed"));

        Job job = q.submit(ALICE, "embed", "{\"model\": \"m\", \"dataset\": \"d\"}");
        assertEquals(com.google.gson.JsonParser.parseString(
                "{\"model\":\"m\",\"dataset\":\"d\",\"engine\":\"spark\",\"spark_master\":\"local[1]\"}"),
                com.google.gson.JsonParser.parseString(job.args()), "the stored job says where it embeds");
        lmwb.api.encoder.EmbedRequest ran = embed.ran.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertEquals("local[1]", ran.sparkMaster());
        assertEquals(lmwb.api.encoder.EmbeddingEngine.SPARK, ran.engine());
        assertEquals(JobState.SUCCEEDED, await(q, job.id(), j -> j.state().finished()).state());

        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> q.submit(ALICE, "embed",
                "{\"model\": \"m\", \"dataset\": \"d\", \"engine\": \"spark\", \"spark_master\": \"spark://10.9.9.9:7077\"}"));
        assertEquals("spark_master: this server embeds only on its configured Spark master local[1]; drop"
                + " spark_master (engine: spark uses the configured one)", own.getMessage());
        assertEquals(1, q.list(null, null, 10).size(), "nothing queued for the refused job");
    }

    /** The real database, counting the connections taken from it. */
    /**
     * Counts the connections taken on the thread that created it (the test's, which polls): the queue's own dispatcher
     * looks for queued jobs once a second while a worker is free, and that must not make a poll count look like a query.
     */
    private static final class CountingDataSource implements javax.sql.DataSource {
        private final javax.sql.DataSource db;
        private final Thread poller = Thread.currentThread();
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

        CountingDataSource(javax.sql.DataSource db) {
            this.db = db;
        }

        private void count() {
            if (Thread.currentThread() == poller) {
                connections.incrementAndGet();
            }
        }

        int connections() {
            return connections.get();
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            count();
            return db.getConnection();
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) throws java.sql.SQLException {
            count();
            return db.getConnection(user, password);
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws java.sql.SQLException {
            return db.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws java.sql.SQLException {
            db.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws java.sql.SQLException {
            db.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws java.sql.SQLException {
            return db.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return db.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
            return db.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws java.sql.SQLException {
            return db.isWrapperFor(type);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void statusPollsOfRunningAndFinishedJobsDoNotQueryTheDatabase(TestDatabases kind) throws Exception {
        db = kind.open(home);
        CountingDataSource counting = new CountingDataSource(db);
        JdbcJobQueue q = queue(counting, 1);
        Job a = q.submit(ALICE, "gate", "{\"steps\": 2}");
        await(q, a.id(), j -> j.state() == JobState.RUNNING);
        gate.permits.release();
        await(q, a.id(), j -> j.progress() != null);
        // one worker busy and no progress while the gate is shut: nothing else of the queue touches the database
        int before = counting.connections();
        for (int i = 0; i < 100; i++) {
            Job j = q.get(a.id()).orElseThrow();
            assertEquals(JobState.RUNNING, j.state());
            assertEquals(1, j.progress().done(), "the latest progress, as listeners heard it");
        }
        assertEquals(before, counting.connections(), "100 polls of a running job took no connection");
        gate.permits.release();
        Job done = await(q, a.id(), j -> j.state().finished());
        before = counting.connections();
        for (int i = 0; i < 100; i++) {
            assertEquals(done, q.get(a.id()).orElseThrow());
        }
        assertEquals(before, counting.connections(), "a finished job never changes: read once, then from memory");
        assertEquals(JobState.SUCCEEDED, done.state());
        assertEquals("r-" + a.id(), done.resultId());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void badSubmissionsAndCancelsAreRefusedWithOneLine(TestDatabases kind) throws Exception {
        JdbcJobQueue q = queue(kind, 1);
        SecurityException viewer = assertThrows(SecurityException.class, () -> q.submit(VIEWER, "gate", "{}"));
        assertEquals("user 'vera' is a viewer and may not submit jobs; an admin can change the role", viewer.getMessage());
        assertEquals("--steps must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> q.submit(ALICE, "gate", "{\"steps\": -1}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> q.submit(ALICE, "gate", "{\"stepz\": 1}"))
                .getMessage().contains("stepz"));
        assertEquals("unknown command 'rank'; the server runs: gate",
                assertThrows(IllegalArgumentException.class, () -> q.submit(ALICE, "rank", "{}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> q.submit(ALICE, "gate", "[1]")).getMessage()
                .startsWith("job args must be a JSON object"));
        assertEquals(List.of(), q.list(null, null, 10), "nothing was queued");

        Job a = q.submit(ALICE, "gate", "{}");
        SecurityException other = assertThrows(SecurityException.class, () -> q.cancel(a.id(), BOB));
        assertEquals("user 'bob' may not cancel job " + a.id() + " of user 'alice'; only its owner or an admin may",
                other.getMessage());
        await(q, a.id(), j -> j.state() == JobState.RUNNING);
        gate.permits.release();
        await(q, a.id(), j -> j.state().finished());
        assertThrows(IllegalStateException.class, () -> q.cancel(a.id(), ALICE));
        assertThrows(java.util.NoSuchElementException.class, () -> q.cancel(999_999, ROOT));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void cancelReachesTheRunningCapabilityAndAQueuedJobNeverRuns(TestDatabases kind) throws Exception {
        JdbcJobQueue q = queue(kind, 1);
        Job a = q.submit(ALICE, "gate", "{\"steps\": 1000}");
        Job b = q.submit(ALICE, "gate", "{}");
        List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable l = q.listen(a.id(), events::add)) {
            await(q, a.id(), j -> j.state() == JobState.RUNNING);
            gate.permits.release();
            await(q, a.id(), j -> j.progress() != null);
            Job cancelledB = q.cancel(b.id(), ALICE);
            assertEquals(JobState.CANCELLED, cancelledB.state(), "a queued job is cancelled at once");
            q.cancel(a.id(), ROOT);
            Job done = await(q, a.id(), j -> j.state().finished());
            assertEquals(JobState.CANCELLED, done.state());
            assertEquals("cancelled by root", done.error());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.stream().noneMatch(e -> e.job().state().finished()) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the event follows the row's update
            }
        }
        assertEquals(JobState.CANCELLED, q.get(b.id()).orElseThrow().state());
        assertEquals("cancelled by alice", q.get(b.id()).orElseThrow().error());
        List<String> types = events.stream().map(JobEvent::type).toList();
        assertTrue(types.contains("progress"), types.toString());
        assertEquals(JobState.CANCELLED, events.get(events.size() - 1).job().state(), "the last event is the end");
    }

    /**
     * A server killed while a job ran: at the next start that job is failed ("interrupted by a server restart")
     * and can be resubmitted; the job that was queued is still queued and runs.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void queuedJobsSurviveARestartAndARunningOneIsMarkedInterrupted(TestDatabases kind) throws Exception {
        db = kind.open(home);
        JobTable before = new JobTable(db, Clock.systemUTC());
        Job wasRunning = before.insert("gate", "{\"steps\":1}", "alice");
        assertTrue(before.claim(wasRunning.id()));
        Job wasQueued = before.insert("gate", "{\"steps\":1}", "bob");

        JdbcJobQueue q = queue(kind, 1);
        Job interrupted = q.get(wasRunning.id()).orElseThrow();
        assertEquals(JobState.FAILED, interrupted.state());
        assertEquals("interrupted by a server restart", interrupted.error());
        await(q, wasQueued.id(), j -> j.state() == JobState.RUNNING);
        gate.permits.release();
        assertEquals(JobState.SUCCEEDED, await(q, wasQueued.id(), j -> j.state().finished()).state());

        assertThrows(SecurityException.class, () -> q.resubmit(wasRunning.id(), BOB));
        Job again = q.resubmit(wasRunning.id(), ALICE);
        assertEquals("alice", again.user());
        assertEquals(wasRunning.args(), again.args());
        await(q, again.id(), j -> j.state() == JobState.RUNNING);
        gate.permits.release();
        assertEquals(JobState.SUCCEEDED, await(q, again.id(), j -> j.state().finished()).state());
    }

    /** Stopping the server (SIGTERM): the running job is cancelled and recorded so; queued jobs stay queued. */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void stoppingCancelsTheRunningJobAndKeepsTheQueue(TestDatabases kind) throws Exception {
        JdbcJobQueue q = queue(kind, 1);
        Job a = q.submit(ALICE, "gate", "{\"steps\": 1000}");
        Job b = q.submit(BOB, "gate", "{}");
        await(q, a.id(), j -> j.state() == JobState.RUNNING);
        q.stop();
        Job stopped = q.get(a.id()).orElseThrow();
        assertEquals(JobState.CANCELLED, stopped.state());
        assertEquals("cancelled: the server stopped", stopped.error());
        assertEquals(JobState.QUEUED, q.get(b.id()).orElseThrow().state());
    }
}
