package lmwb.encoders.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.CancellationToken;
import lmwb.api.LmwbHome;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;

/**
 * Runs the Spark driver for the embedding jobs of one command in its own JVM ({@code runtime/spark-driver MASTER
 * JOBS.json}: one Spark application embeds them one after the other) and waits for it: the driver writes each job's
 * cache entry itself, atomically, or nothing. Its protocol on stderr is line based: {@code lmwb-spark: model REF}
 * when it starts a job, {@code lmwb-spark: progress DONE TOTAL} while that job's tasks finish and
 * {@code lmwb: error: WHAT} when it gives up; every other line (Spark's own log) is kept for the error message and
 * shown only with {@code LMWB_DEBUG}.
 */
public final class SparkDriverProcess {
    /** System property naming the driver's start script (the launcher sets it to {@code runtime/spark-driver}). */
    public static final String DRIVER_PROPERTY = "lmwb.spark.driver";
    /** Environment variable naming it where the property is not set. */
    public static final String DRIVER_ENV = "LMWB_SPARK_DRIVER";
    /** Environment variable: the work folder URI every node reaches; default {@code $LMWB_HOME/spark-work}. */
    public static final String WORK_ENV = "LMWB_SPARK_WORK";

    private static final Pattern PROGRESS = Pattern.compile("lmwb-spark: progress (\\d+) (\\d+)");
    private static final String MODEL = "lmwb-spark: model ";
    private static final String ERROR = "lmwb: error: ";
    private static final int KEPT_LINES = 20;

    private SparkDriverProcess() {
    }

    /**
     * @return the command that starts the driver
     * @throws IllegalStateException when none is configured (a runtime not started by {@code runtime/lmwb})
     */
    static String driverCommand() {
        String cmd = System.getProperty(DRIVER_PROPERTY);
        if (cmd == null || cmd.isBlank()) {
            cmd = System.getenv(DRIVER_ENV);
        }
        if (cmd == null || cmd.isBlank()) {
            throw new IllegalStateException("--engine spark needs the Spark driver script: start lmwb with runtime/lmwb "
                    + "(it sets -D" + DRIVER_PROPERTY + "), or set " + DRIVER_ENV + " to runtime/spark-driver");
        }
        return cmd;
    }

    /** @return the work folder URI: {@code LMWB_SPARK_WORK}, else {@code file:$LMWB_HOME/spark-work} */
    public static String workFolder() {
        String env = System.getenv(WORK_ENV);
        return env != null && !env.isBlank() ? env : LmwbHome.resolve("spark-work").toUri().toString();
    }

    /**
     * Runs the jobs to their end, in one driver (one Spark application).
     *
     * @param jobs the jobs, at least one, all on one master
     * @param progress told how many inputs of which model are embedded
     * @param cancel stops the driver (and with it the Spark application) when cancelled
     * @throws IOException with the driver's one-line reason when it fails
     */
    public static void run(List<SparkEmbeddingJob> jobs, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        String command = driverCommand();
        Path jobFile = Files.createTempFile("lmwb-spark-job", ".json");
        try {
            SparkEmbeddingJob.write(jobs, jobFile);
            String master = jobs.get(0).master();
            ProcessBuilder pb = new ProcessBuilder(command, master, jobFile.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LMWB_HOME", LmwbHome.resolve().toString());
            Process process = pb.start();
            Deque<String> lastLines = new ArrayDeque<>();
            List<String> errors = new ArrayList<>();
            String[] model = {jobs.get(0).model()};
            long start = System.nanoTime();
            Thread reader = new Thread(() -> read(process, model, start, progress, lastLines, errors), "lmwb-spark-driver-log");
            reader.setDaemon(true);
            reader.start();
            try {
                while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    if (cancel.isCancelled()) {
                        stop(process);
                        cancel.throwIfCancelled();
                    }
                }
                reader.join(5000);
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new CancellationToken.CancelledException("the operation was cancelled");
            }
            if (process.exitValue() != 0) {
                throw new IOException(failure(model, master, process.exitValue(), errors, lastLines));
            }
        } finally {
            Files.deleteIfExists(jobFile);
        }
    }

    /** Reads the driver's stderr; {@code model[0]} follows the job the driver is on. */
    private static void read(Process process, String[] model, long start, ProgressListener progress,
            Deque<String> lastLines, List<String> errors) {
        boolean debug = System.getenv("LMWB_DEBUG") != null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(MODEL)) {
                    synchronized (model) {
                        model[0] = line.substring(MODEL.length());
                    }
                    continue;
                }
                Matcher m = PROGRESS.matcher(line);
                if (m.matches()) {
                    String stage;
                    synchronized (model) {
                        stage = "embed " + model[0] + " on Spark";
                    }
                    progress.onProgress(new ProgressEvent(stage, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                            "sentences", System.nanoTime() - start));
                    continue;
                }
                if (line.startsWith(ERROR)) {
                    synchronized (errors) {
                        errors.add(line.substring(ERROR.length()));
                    }
                } else if (debug) {
                    System.err.println(line);
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the driver is gone; its exit status tells the rest
        }
    }

    /**
     * Asks the driver to stop (its shutdown hook stops the Spark job and removes its work folder), then insists after
     * 20 s. An interrupt while it stops does not cut that short: Ctrl-C interrupts the command's thread more than once
     * (the batch thread and its Gogo job are one thread), and killing the driver then would leave its work folder
     * behind. The interrupt is kept for the caller.
     */
    private static void stop(Process process) {
        process.destroy();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (process.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                process.destroyForcibly();
                break;
            }
            try {
                process.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String failure(String[] model, String master, int exit, List<String> errors, Deque<String> lastLines) {
        String current;
        synchronized (model) {
            current = model[0];
        }
        synchronized (errors) {
            if (!errors.isEmpty()) {
                return "embedding " + current + " on Spark (" + master + ") failed: " + errors.get(errors.size() - 1);
            }
        }
        String last;
        synchronized (lastLines) {
            last = lastLines.isEmpty() ? "no output" : lastLines.peekLast();
        }
        return "the Spark driver for " + current + " exited with status " + exit + " (" + last
                + "); rerun with LMWB_DEBUG=1 for its log";
    }
}
