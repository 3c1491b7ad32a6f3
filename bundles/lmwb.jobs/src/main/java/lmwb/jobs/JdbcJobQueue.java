package lmwb.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobEvent;
import lmwb.api.jobs.JobQueue;
import lmwb.api.jobs.JobState;
import lmwb.api.server.Server;
import lmwb.api.users.User;
import lmwb.common.json.JobEmbedding;
import lmwb.common.json.Requests;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The durable FIFO {@link JobQueue} on the {@code jobs} table, active only in {@code lmwb serve} (it needs the
 * {@link Server} service, which only the serve mode registers): one-shot commands never run queued jobs.
 *
 * <p>A dispatcher thread starts the oldest queued jobs while fewer than {@link lmwb.api.server.ServerSettings#workers()}
 * run; each runs the {@link Capability} service whose {@value Capability#NAME} property names the job's command, with
 * the request decoded from the job's arguments by {@link Requests#decode} (once at submit, to refuse bad arguments
 * with one line, and again when it runs). At start, jobs left {@code running} by a server that died are marked failed
 * ({@value JobTable#INTERRUPTED}); queued jobs stay queued and run. When the component stops (SIGTERM, framework
 * shutdown), running jobs are cancelled through their tokens and recorded as cancelled; queued jobs stay queued.
 */
@Component(service = JobQueue.class, immediate = true)
public class JdbcJobQueue implements JobQueue {
    /** The error of a job cancelled because the server stopped. */
    static final String SERVER_STOPPED = "cancelled: the server stopped";
    /** How long a queued job waits for its capability's bundle to start before it fails as unknown. */
    static final Duration CAPABILITY_GRACE = Duration.ofSeconds(60);
    /** How long stopping waits for cancelled jobs to finish. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Progress is written to the database at most this often per job (listeners hear every event). */
    private static final long PROGRESS_WRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How many finished jobs {@link #get} keeps in memory. */
    static final int FINISHED_CACHE = 1000;
    private static final System.Logger LOG = System.getLogger(JdbcJobQueue.class.getName());

    private final JobTable table;
    private final int workers;
    private final lmwb.api.server.ServerSettings settings;
    private final long startedNanos = System.nanoTime();
    private final Map<String, Capability<?, ?>> capabilities = new ConcurrentHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /**
     * What {@link #get} answers without the database: the jobs this queue runs (their state and latest progress, as
     * listeners hear it) and the most recently read finished jobs, which never change again. Status polls of many
     * clients then cost a map lookup instead of a query each.
     */
    private final Map<Long, Job> live = new ConcurrentHashMap<>();
    private final Map<Long, Job> finished = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Job> eldest) {
                    return size() > FINISHED_CACHE;
                }
            });
    private final Map<Long, List<Consumer<JobEvent>>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final Thread dispatcher;
    private final Object wake = new Object();
    private volatile boolean stopping;

    /** A running job's cancellation token and who cancelled it. */
    private static final class Running {
        final CancellationToken token = new CancellationToken();
        volatile String cancelledBy;
    }

    /**
     * Marks jobs a dead server left running as failed and starts dispatching.
     *
     * @param db the runtime's database
     * @param server present only in {@code lmwb serve}: the number of workers
     */
    @Activate
    public JdbcJobQueue(@Reference(target = "(lmwb.db=main)") DataSource db, @Reference Server server) {
        this.table = new JobTable(db, Clock.systemUTC());
        this.settings = server.settings();
        this.workers = settings.workers();
        int interrupted = table.failInterrupted();
        if (interrupted > 0) {
            LOG.log(System.Logger.Level.WARNING, () -> interrupted + " job(s) were running when the server stopped"
                    + " and are now failed (" + JobTable.INTERRUPTED + "); 'resubmit' queues them again");
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "lmwb job worker " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "lmwb job dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * @param capability a capability service
     * @param properties its service properties ({@value Capability#NAME})
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addCapability(Capability<?, ?> capability, Map<String, Object> properties) {
        capabilities.put(nameOf(capability, properties), capability);
        wakeUp();
    }

    /**
     * @param capability a capability service going away
     * @param properties its service properties
     */
    public void removeCapability(Capability<?, ?> capability, Map<String, Object> properties) {
        capabilities.remove(nameOf(capability, properties), capability);
    }

    private static String nameOf(Capability<?, ?> capability, Map<String, Object> properties) {
        Object name = properties.get(Capability.NAME);
        return name instanceof String s && !s.isBlank() ? s : capability.name();
    }

    @Override
    public Job submit(User user, String command, String args) {
        if (!user.role().canSubmitJobs()) {
            throw new SecurityException("user '" + user.name() + "' is a " + user.role().id()
                    + " and may not submit jobs; an admin can change the role");
        }
        Capability<?, ?> capability = capability(command);
        JsonObject parsed = JobEmbedding.apply(settings.embeddingEngine(), settings.sparkMaster(),
                capability.requestType(), argsObject(args));
        Requests.decode(capability.requestType(), command, parsed);
        Job job = table.insert(command, parsed.toString(), user.name());
        wakeUp();
        return job;
    }

    private Capability<?, ?> capability(String command) {
        Capability<?, ?> c = command == null ? null : capabilities.get(command);
        if (c == null) {
            throw new IllegalArgumentException("unknown command '" + command + "'; the server runs: "
                    + String.join(", ", new TreeMap<>(capabilities).keySet()));
        }
        return c;
    }

    private static JsonObject argsObject(String args) {
        if (args == null || args.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonElement e = JsonParser.parseString(args);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("job args must be a JSON object of the command's options, e.g."
                + " {\"dataset\": \"sentiment-sentences\"}");
    }

    @Override
    public Optional<Job> get(long id) {
        Job j = live.get(id);
        if (j == null) {
            j = finished.get(id);
        }
        if (j != null) {
            return Optional.of(j);
        }
        Optional<Job> read = table.get(id);
        read.filter(r -> r.state().finished()).ifPresent(r -> finished.put(r.id(), r));
        return read;
    }

    @Override
    public List<Job> list(JobState state, String user, int limit) {
        return table.list(state, user, limit);
    }

    @Override
    public Job cancel(long id, User by) {
        Job job = table.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        if (!by.role().canCancel(job.user().equals(by.name()))) {
            throw new SecurityException("user '" + by.name() + "' may not cancel job " + id + " of user '" + job.user()
                    + "'; only its owner or an admin may");
        }
        if (job.state().finished()) {
            throw new IllegalStateException("job " + id + " has already " + job.state() + "; nothing to cancel");
        }
        String reason = "cancelled by " + by.name();
        if (table.cancelQueued(id, reason)) {
            Job cancelled = table.get(id).orElseThrow();
            fire(cancelled, "state");
            return cancelled;
        }
        Running r = running.get(id);
        if (r != null) {
            r.cancelledBy = by.name();
            r.token.cancel();
        }
        return table.get(id).orElseThrow();
    }

    @Override
    public Job resubmit(long id, User by) {
        Job job = table.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        if (!by.role().canCancel(job.user().equals(by.name()))) {
            throw new SecurityException("user '" + by.name() + "' may not resubmit job " + id + " of user '"
                    + job.user() + "'; only its owner or an admin may");
        }
        if (!job.state().finished()) {
            throw new IllegalStateException("job " + id + " is still " + job.state() + "; resubmit a finished job");
        }
        Capability<?, ?> capability = capability(job.command());
        JsonObject args = JobEmbedding.apply(settings.embeddingEngine(), settings.sparkMaster(),
                capability.requestType(), argsObject(job.args()));
        Requests.decode(capability.requestType(), job.command(), args);
        Job again = table.insert(job.command(), args.toString(), job.user());
        wakeUp();
        return again;
    }

    @Override
    public AutoCloseable listen(long id, Consumer<JobEvent> listener) {
        List<Consumer<JobEvent>> list = listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> {
            list.remove(listener);
            listeners.computeIfPresent(id, (k, v) -> v.isEmpty() ? null : v);
        };
    }

    private void fire(Job job, String type) {
        List<Consumer<JobEvent>> list = listeners.get(job.id());
        if (list == null) {
            return;
        }
        JobEvent event = new JobEvent(job, type);
        for (Consumer<JobEvent> l : list) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "a listener of job " + job.id() + " failed: " + e);
            }
        }
    }

    private void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Starts the oldest queued jobs while workers are free; sleeps until a submit, a finish or a second passes. */
    private void dispatch() {
        while (!stopping) {
            try {
                startQueued();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "job dispatcher: " + e.getMessage());
            }
            synchronized (wake) {
                try {
                    if (!stopping) {
                        wake.wait(1000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void startQueued() {
        while (!stopping && running.size() < workers) {
            List<Job> queued = table.queued(1);
            if (queued.isEmpty()) {
                return;
            }
            Job job = queued.get(0);
            Capability<?, ?> capability = capabilities.get(job.command());
            if (capability == null) {
                if (System.nanoTime() - startedNanos < CAPABILITY_GRACE.toNanos()) {
                    return; // its bundle may still be starting: FIFO, so everything waits for it
                }
                if (table.claim(job.id())) {
                    table.finish(job.id(), JobState.FAILED, null, "unknown command '" + job.command()
                            + "' (its plug-in is not installed); the server runs: "
                            + String.join(", ", new TreeMap<>(capabilities).keySet()));
                    table.get(job.id()).ifPresent(j -> fire(j, "state"));
                }
                continue;
            }
            Running r = new Running();
            running.put(job.id(), r);
            if (!table.claim(job.id())) {
                running.remove(job.id());
                continue;
            }
            Job started = table.get(job.id()).orElseThrow();
            live.put(started.id(), started);
            fire(started, "state");
            try {
                pool.execute(() -> run(started, capability, r));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: claimed, never started
                live.remove(job.id());
                running.remove(job.id());
                table.finish(job.id(), JobState.CANCELLED, null, SERVER_STOPPED);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(Job job, Capability capability, Running r) {
        JobState state;
        String resultId = null;
        String error = null;
        try {
            // again: a job queued before a restart runs under the settings the server has now
            Record request = Requests.decode(capability.requestType(), job.command(),
                    JobEmbedding.apply(settings.embeddingEngine(), settings.sparkMaster(), capability.requestType(),
                            argsObject(job.args())));
            ProgressListener progress = progressOf(job.id());
            CapabilityResult result = (CapabilityResult) capability.run(request,
                    new RunContext(job.user(), job.id(), progress, r.token));
            if (r.token.isCancelled()) {
                state = JobState.CANCELLED;
                error = cancelReason(r);
            } else {
                state = JobState.SUCCEEDED;
                resultId = result == null ? null : result.resultId();
            }
        } catch (CancellationToken.CancelledException e) {
            state = JobState.CANCELLED;
            error = cancelReason(r);
        } catch (IllegalArgumentException e) {
            state = r.token.isCancelled() ? JobState.CANCELLED : JobState.FAILED;
            error = r.token.isCancelled() ? cancelReason(r) : oneLine(e);
        } catch (Exception | LinkageError | AssertionError e) {
            state = r.token.isCancelled() ? JobState.CANCELLED : JobState.FAILED;
            error = r.token.isCancelled() ? cancelReason(r) : oneLine(e);
            if (state == JobState.FAILED) {
                LOG.log(System.Logger.Level.WARNING, "job " + job.id() + " (" + job.command() + ") failed", e);
            }
        }
        try {
            table.finish(job.id(), state, resultId, error);
            Optional<Job> done = table.get(job.id());
            done.ifPresent(j -> finished.put(j.id(), j));
            live.remove(job.id());
            done.ifPresent(j -> fire(j, "state"));
        } finally {
            live.remove(job.id());
            running.remove(job.id());
            wakeUp();
        }
    }

    private String cancelReason(Running r) {
        return r.cancelledBy != null ? "cancelled by " + r.cancelledBy : SERVER_STOPPED;
    }

    /** One line for users: the message's first line, or the exception's name when it has no message. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.strip().split("\\R", 2)[0];
    }

    private ProgressListener progressOf(long id) {
        long[] lastWrite = {0};
        return event -> {
            long now = System.nanoTime();
            boolean write;
            synchronized (lastWrite) {
                write = lastWrite[0] == 0 || now - lastWrite[0] >= PROGRESS_WRITE_NANOS
                        || event.total() > 0 && event.done() >= event.total();
                if (write) {
                    lastWrite[0] = now;
                }
            }
            try {
                if (write) {
                    table.progress(id, event);
                }
                Job current = live.computeIfPresent(id, (k, j) -> withProgress(j, event));
                if (current != null && listeners.containsKey(id)) {
                    fire(current, "progress");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "progress of job " + id + " not recorded: " + e.getMessage());
            }
        };
    }

    private static Job withProgress(Job j, ProgressEvent event) {
        return new Job(j.id(), j.command(), j.args(), j.user(), j.state(), event, j.resultId(), j.error(),
                j.submitted(), j.started(), j.finished());
    }

    /** Cancels running jobs (recorded as cancelled), leaves queued ones queued, and stops the threads. */
    @Deactivate
    public void stop() {
        stopping = true;
        wakeUp();
        try {
            // no job starts after this: the dispatcher finishes what it is doing and ends
            dispatcher.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Running r : running.values()) {
            r.token.cancel();
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, () -> running.size() + " job(s) did not stop within "
                        + STOP_GRACE.toSeconds() + " s; the next start marks them failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
