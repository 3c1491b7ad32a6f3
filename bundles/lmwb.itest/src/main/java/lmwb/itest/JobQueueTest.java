package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import lmwb.api.ProgressEvent;
import lmwb.api.capability.Capability;
import lmwb.api.capability.CapabilityResult;
import lmwb.api.capability.RunContext;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobQueue;
import lmwb.api.jobs.JobState;
import lmwb.api.results.ResultMetadata;
import lmwb.api.results.ResultQuery;
import lmwb.api.results.ResultStore;
import lmwb.api.results.StoredResult;
import lmwb.api.server.Server;
import lmwb.api.server.ServerSettings;
import lmwb.api.users.Role;
import lmwb.api.users.User;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The job queue and the result store as the runtime wires them: lmwb.jobs' queue appears only once a
 * {@link Server} service exists (serve mode registers it; here the test does), runs a capability service found by
 * its {@code lmwb.capability} property, and that capability stores its result through the real
 * {@link ResultStore} on the runtime's H2 database, recorded with the job's user and id.
 */
class JobQueueTest {
    @InjectService
    ResultStore store;

    /** A capability that writes a small result with a file, as every storing capability does. */
    record EchoRequest(String text, Integer repeat) {
        EchoRequest {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("--text is needed");
            }
            repeat = repeat == null ? 1 : repeat;
        }
    }

    record EchoResult(String resultId, String kind, String text) implements CapabilityResult {
    }

    static final class Echo implements Capability<EchoRequest, EchoResult> {
        private final ResultStore store;

        Echo(ResultStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return "itest-echo";
        }

        @Override
        public String description() {
            return "stores its text";
        }

        @Override
        public Class<EchoRequest> requestType() {
            return EchoRequest.class;
        }

        @Override
        public EchoResult run(EchoRequest request, RunContext context) throws Exception {
            context.progress().onProgress(new ProgressEvent("echo", 1, 1, "texts", 0));
            String text = request.text().repeat(request.repeat());
            try (ResultStore.PendingResult pending = store.begin("itest-echo")) {
                Files.writeString(pending.file("echo.txt"), text);
                StoredResult r = pending.commit(new ResultMetadata("echo " + text, context.user(), "itest-dataset",
                        List.of("itest-model"), List.of(), context.jobId()), "{\"text\": \"" + text + "\"}");
                return new EchoResult(r.id(), r.kind(), text);
            }
        }
    }

    @Test
    void withoutServeModeThereIsNoQueue() {
        assertNull(Framework.context().getServiceReference(JobQueue.class),
                "one-shot commands and the shell never run queued jobs");
    }

    @Test
    void aJobRunsTheCapabilityAndItsResultIsStoredWithTheUser() throws Exception {
        BundleContext context = Framework.context();
        ServerSettings settings = new ServerSettings(18421, 18422, "127.0.0.1", 1, null, "", false, List.of());
        Server server = () -> settings;
        Dictionary<String, Object> props = new Hashtable<>(Map.of(Capability.NAME, "itest-echo"));
        ServiceRegistration<?> capability = context.registerService(Capability.class, new Echo(store), props);
        ServiceRegistration<Server> serve = context.registerService(Server.class, server, null);
        ServiceTracker<JobQueue, JobQueue> tracker = new ServiceTracker<>(context, JobQueue.class, null);
        tracker.open();
        try {
            JobQueue queue = tracker.waitForService(30_000);
            assertNotNull(queue, "the queue starts once the Server service is there");
            User alice = new User("it-alice", Role.MEMBER, Instant.EPOCH, List.of());
            Job job = queue.submit(alice, "itest-echo", "{\"text\": \"ab\", \"repeat\": 2}");
            AtomicReference<Job> done = new AtomicReference<>();
            assertTrue(Framework.await(Duration.ofSeconds(60), () -> {
                done.set(queue.get(job.id()).orElseThrow());
                return done.get().state().finished();
            }) >= 0, "the job finished");
            assertEquals(JobState.SUCCEEDED, done.get().state(), String.valueOf(done.get().error()));
            String id = done.get().resultId();

            StoredResult stored = store.find(id).orElseThrow();
            assertEquals("it-alice", stored.user());
            assertEquals(job.id(), stored.jobId());
            assertEquals(List.of("itest-model"), stored.models());
            assertEquals("abab", Files.readString(store.file(id, "echo.txt")));
            JsonObject doc = JsonParser.parseString(store.document(id)).getAsJsonObject();
            assertEquals("abab", doc.get("text").getAsString());
            assertEquals("it-alice", doc.get("user").getAsString());
            Path home = Path.of(context.getProperty("lmwb.home"));
            assertEquals(home.resolve("results").resolve(id).toAbsolutePath().normalize(), stored.directory());
            assertTrue(store.query(new ResultQuery("itest-echo", null, null, null, "it-alice", null, null, 1000, null))
                    .results().stream().anyMatch(r -> r.id().equals(id)));
        } finally {
            tracker.close();
            serve.unregister();
            capability.unregister();
        }
        ServiceReference<JobQueue> after = context.getServiceReference(JobQueue.class);
        assertNull(after, "the queue stops with the serve mode");
    }
}
