package lmwb.shell.core;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobEvent;
import lmwb.api.jobs.JobQueue;
import lmwb.api.results.ResultStore;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import lmwb.api.users.User;
import lmwb.api.users.UserDirectory;
import lmwb.common.json.JobEmbedding;
import lmwb.common.json.Requests;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Process;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * In {@code lmwb serve}, a command typed in an SSH session (Gogo variable {@value #USER_VARIABLE}, set by lmwb.ssh)
 * runs as a job of that user: submitted to the job queue, its progress shown on the session's error stream, Ctrl-C
 * cancels it, and the stored result is returned to the command for rendering. Commands without an SSH user (the
 * server's own console) run locally, as everywhere else.
 */
@Component(service = CapabilityRunner.class, property = "service.ranking:Integer=100")
public final class QueueRunner implements CapabilityRunner {
    /** The Gogo session variable naming the SSH user (set by lmwb.ssh). */
    public static final String USER_VARIABLE = "LMWB_USER";

    private final Server serve;
    private final JobQueue jobs;
    private final UserDirectory users;
    private final ResultStore results;

    /**
     * @param serve present only in serve mode
     * @param jobs the job queue
     * @param users the user directory
     * @param results the result store the jobs write to
     */
    @Activate
    public QueueRunner(@Reference Server serve, @Reference JobQueue jobs, @Reference UserDirectory users,
            @Reference ResultStore results) {
        this.serve = serve;
        this.jobs = jobs;
        this.users = users;
        this.results = results;
    }

    /**
     * An SSH user's command runs as a job: where it embeds is the server's choice ({@link JobEmbedding}), so
     * {@code --engine spark} alone runs on the configured {@code spark_master}, and a master of the command's own is
     * refused, before the request is decoded. The server's own console is left alone.
     */
    @Override
    public JsonObject arguments(Class<? extends Record> type, JsonObject args) {
        return sshUser() == null ? args : asJob(serve.settings(), type, args);
    }

    /**
     * @param settings the server's settings
     * @param type the request type
     * @param args the arguments, changed in place
     * @return {@code args} as the job queue will run them
     */
    static JsonObject asJob(ServerSettings settings, Class<? extends Record> type, JsonObject args) {
        return JobEmbedding.apply(settings.embeddingEngine(), settings.sparkMaster(), type, args);
    }

    /** @return the SSH user of the Gogo session running this command, or {@code null} (the server's console) */
    private static Object sshUser() {
        org.apache.felix.service.command.Job gogoJob = org.apache.felix.service.command.Job.Utils.current();
        CommandSession session = gogoJob == null ? null : gogoJob.session();
        return session == null ? null : session.get(USER_VARIABLE);
    }

    @Override
    public <Q extends Record, R extends CapabilityResult> R run(Capability<Q, R> capability, Q request) throws Exception {
        Object name = sshUser();
        if (name == null) {
            return LocalRunner.INSTANCE.run(capability, request);
        }
        User user = users.find(name.toString()).orElseThrow(() -> new IllegalArgumentException("user " + name
                + " no longer exists"));
        Process process = Process.Utils.current();
        PrintStream err = process != null ? process.err() : System.err;
        BlockingQueue<JobEvent> events = new LinkedBlockingQueue<>();
        lmwb.api.jobs.Job job = jobs.submit(user, capability.name(), Requests.encode(request).toString());
        err.println("lmwb: job " + job.id() + " queued (Ctrl-C cancels it)");
        try (AutoCloseable listening = jobs.listen(job.id(), events::add)) {
            Job now = jobs.get(job.id()).orElse(job);
            String state = "";
            long shown = 0;
            while (!now.state().finished()) {
                JobEvent e;
                try {
                    e = events.poll(2, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    jobs.cancel(job.id(), user);
                    throw new CancellationToken.CancelledException("cancelled");
                }
                now = e != null ? e.job() : jobs.get(job.id()).orElse(now);
                if (!now.state().toString().equals(state)) {
                    state = now.state().toString();
                    if (state.equals("running")) {
                        err.println("lmwb: job " + job.id() + " running");
                    }
                }
                ProgressEvent p = now.progress();
                if (p != null && System.nanoTime() - shown > 1_000_000_000L && !now.state().finished()) {
                    err.println("lmwb: " + p.stage() + " " + p.done() + (p.total() > 0 ? "/" + p.total() : "")
                            + (p.unit() == null ? "" : " " + p.unit()));
                    shown = System.nanoTime();
                }
            }
            return switch (now.state()) {
                case SUCCEEDED -> decode(capability, now);
                case CANCELLED -> throw new CancellationToken.CancelledException("job " + job.id() + " was cancelled");
                default -> throw new IllegalStateException(now.error() == null ? "job " + job.id() + " failed" : now.error());
            };
        }
    }

    /** The stored result as the capability's result type (the document is that record's JSON plus store fields). */
    private <R extends CapabilityResult> R decode(Capability<?, R> capability, Job job) throws Exception {
        if (job.resultId() == null) {
            throw new IllegalStateException("job " + job.id() + " stored no result");
        }
        Class<R> type = resultType(capability).orElseThrow(() -> new IllegalStateException(
                "cannot tell the result type of " + capability.name() + "; see GET /api/results/" + job.resultId()));
        return Requests.GSON.fromJson(results.document(job.resultId()), type);
    }

    @SuppressWarnings("unchecked")
    private static <R extends CapabilityResult> Optional<Class<R>> resultType(Capability<?, R> capability) {
        for (Class<?> c = capability.getClass(); c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == Capability.class
                        && p.getActualTypeArguments()[1] instanceof Class<?> r) {
                    return Optional.of((Class<R>) r);
                }
            }
        }
        return Optional.empty();
    }
}
