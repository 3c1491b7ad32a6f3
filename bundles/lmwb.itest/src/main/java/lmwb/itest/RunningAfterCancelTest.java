package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lmwb.api.CancellationToken;
import lmwb.api.CancellationToken.CancelledException;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RankingRequest;
import lmwb.api.rank.RunningEstimatorCall;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 13 item 4, plug-in part: an estimator service registered from this bundle that ignores its cancellation
 * token and interrupts, like a careless plug-in. Cancelling the ranking returns anyway, and the call still
 * running is reported by {@code plugins} and as a warning on stderr before the next command, until it returns.
 */
class RunningAfterCancelTest {
    private static final String NAME = "stubborn-itest";

    @InjectService(timeout = 20_000)
    Ranker ranker;

    @InjectService
    CommandProcessor processor;

    @Test
    void aCancelledRankingLeavesTheStubbornCallBehindAndReportsIt() throws Exception {
        Path csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Estimator.NAME, NAME);
        ServiceRegistration<Estimator> reg = Framework.context().registerService(Estimator.class, new Stubborn(entered, release), props);
        try {
            CancellationToken token = new CancellationToken();
            RankingRequest request = new RankingRequest(csv.toString(), DatasetOptions.DEFAULTS, List.of("all-minilm-l6-v2"),
                    List.of(NAME), EstimatorOptions.NONE, LayerAggregation.LAYERMEAN, SubwordPooling.MEAN, SentencePooling.MEAN,
                    PairEncoding.NATIVE, 16, "cpu", false);
            // A thread of its own, not the common fork-join pool: on a 2-core machine that pool has one worker, and
            // anything else queued on it (or the ranking's own parallel work) could wait behind this blocking call.
            CompletableFuture<Object> run = new CompletableFuture<>();
            Thread ranking = new Thread(() -> {
                try {
                    run.complete(ranker.rank(request, ProgressListener.NONE, token));
                } catch (Throwable t) {
                    run.completeExceptionally(t);
                }
            }, "itest ranking");
            ranking.setDaemon(true);
            ranking.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // hang guard
            while (!entered.await(100, TimeUnit.MILLISECONDS) && !run.isDone() && System.nanoTime() < deadline) {
                // wait for the estimator to be entered or the ranking to end
            }
            if (run.isDone() && entered.getCount() > 0) {
                run.get(); // the ranking ended before reaching the estimator: show why
            }
            if (entered.getCount() > 0) {
                StringBuilder stack = new StringBuilder();
                for (StackTraceElement el : ranking.getStackTrace()) {
                    stack.append("\n  at ").append(el);
                }
                throw new AssertionError("the ranking reached neither the estimator nor an end in 300 s; it is at:" + stack);
            }
            assertEquals(0, entered.getCount(), "the stubborn estimator was called");
            token.cancel();
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(120, TimeUnit.SECONDS),
                    "the ranking returns although the call ignores the cancellation (hang guard, not a timing check)");
            assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));

            List<RunningEstimatorCall> running = ranker.runningAfterCancel();
            assertEquals(1, running.size(), running.toString());
            assertEquals(NAME, running.get(0).estimator());
            assertTrue(running.get(0).bundle().startsWith("lmwb.itest "), running.get(0).bundle());

            JsonArray plugins = JsonParser.parseString(Framework.run(processor, "lmwb:plugins --json")).getAsJsonArray();
            JsonObject itest = null;
            for (JsonElement p : plugins) {
                if (p.getAsJsonObject().get("bundle").getAsString().equals("lmwb.itest")) {
                    itest = p.getAsJsonObject();
                }
            }
            assertTrue(itest != null, plugins.toString());
            assertEquals(NAME, itest.getAsJsonArray("runningAfterCancel").get(0).getAsJsonObject().get("estimator").getAsString());
            String text = Framework.run(processor, "lmwb:plugins");
            assertTrue(text.contains("running after cancel: estimator " + NAME + " of lmwb.itest on thread lmwb-estimator-"), text);

            String warning = stderrOf("lmwb:estimators");
            assertTrue(warning.contains("lmwb: warning: estimator " + NAME + " (lmwb.itest ") && warning.contains(
                    "is still running after its ranking was cancelled"), warning);

            release.countDown();
            assertTrue(Framework.await(Duration.ofSeconds(60), () -> ranker.runningAfterCancel().isEmpty()) >= 0,
                    "the call leaves the list when it returns");
            assertFalse(stderrOf("lmwb:estimators").contains(NAME), "no warning once it has finished");
        } finally {
            release.countDown();
            reg.unregister();
        }
    }

    /** What the shell writes to stderr while running {@code line} (the warning goes to System.err). */
    private String stderrOf(String line) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Framework.run(processor, line);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Spins until released, ignoring its token and interrupts. */
    private static final class Stubborn implements Estimator {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Stubborn(CountDownLatch entered, CountDownLatch release) {
            this.entered = entered;
            this.release = release;
        }

        @Override
        public String name() {
            return RunningAfterCancelTest.NAME; // a bare NAME here would be the inherited Estimator.NAME key
        }

        @Override
        public String description() {
            return "ignores cancellation (test)";
        }

        @Override
        public Set<TaskType> supportedTasks() {
            return EnumSet.allOf(TaskType.class);
        }

        @Override
        public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
            entered.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.MILLISECONDS)) {
                        return Score.of(RunningAfterCancelTest.NAME, 0);
                    }
                } catch (InterruptedException careless) {
                    // ignored on purpose: this is the plug-in that misbehaves
                }
            }
        }
    }
}
