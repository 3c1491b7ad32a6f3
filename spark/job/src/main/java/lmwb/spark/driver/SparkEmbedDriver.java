package lmwb.spark.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.FloatMatrix;
import lmwb.api.Provenance;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.io.Npy;
import lmwb.common.config.ComponentConfig;
import lmwb.common.json.Json;
import lmwb.common.maven.AtomicFolder;
import lmwb.encoders.service.DiskEmbeddingCache;
import lmwb.encoders.spark.SparkEmbeddingJob;
import lmwb.spark.job.Partition;
import lmwb.spark.job.PartitionEmbedder;
import lmwb.spark.job.PartitionResult;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The Spark driver of a command's embedding jobs, in its own JVM ({@code runtime/spark-driver} starts it through
 * {@code spark-submit}'s launcher, which adds Spark's Java 17 options): one Spark application embeds the jobs (one per
 * model) one after the other, so the fixed cost of a run (driver JVM, application, executors, shipping the job jar) is
 * paid once per command. For each job it splits the inputs into length-sorted partitions, runs one
 * {@link PartitionEmbedder} task per partition on the cluster (Spark schedules them, re-runs the tasks of a lost
 * executor and ships the job jar and the model files), then assembles the tasks' matrices in the inputs' order into
 * the normal embedding-cache entry, written atomically under the key the workbench computed. On failure the job being
 * embedded writes nothing (entries of jobs finished before stay: each is complete) and the last line on stderr is
 * {@code lmwb: error: WHY}; exit status 1.
 */
public final class SparkEmbedDriver {
    /** Spark property: the number of partitions (tasks); default {@link #partitionCount}. */
    public static final String PARTITIONS = "spark.lmwb.partitions";
    private static final String ERROR = "lmwb: error: ";
    private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");

    private SparkEmbedDriver() {
    }

    /**
     * @param args the jobs file written by the workbench
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println(ERROR + "usage: SparkEmbedDriver JOBS.json (the workbench writes it for --engine spark)");
            System.exit(2);
        }
        try {
            List<SparkEmbeddingJob> jobs = SparkEmbeddingJob.read(java.nio.file.Path.of(args[0]));
            run(jobs, new SparkConf(), System.err);
            System.exit(0);
        } catch (Throwable t) { // the one line the workbench shows; the trace only with LMWB_DEBUG
            if (System.getenv("LMWB_DEBUG") != null) {
                t.printStackTrace();
            }
            System.err.println(ERROR + reason(t));
            System.exit(1);
        }
    }

    /**
     * Embeds one job on the cluster and stores its cache entry.
     *
     * @param job the job
     * @param conf Spark's configuration
     * @param log where the progress lines go
     * @return the stored embeddings
     * @throws Exception as {@link #run(List, SparkConf, PrintStream)}
     */
    public static LayerEmbeddings run(SparkEmbeddingJob job, SparkConf conf, PrintStream log) throws Exception {
        return run(List.of(job), conf, log).get(0);
    }

    /**
     * Embeds the jobs on the cluster, one after the other in one Spark application, and stores each one's cache entry
     * as soon as it is assembled.
     *
     * @param jobs the jobs, at least one
     * @param conf Spark's configuration (spark-submit's {@code --master}/{@code --conf}); the jobs' master is used
     *     where it names none
     * @param log where the protocol lines go ({@code lmwb-spark: application ID} once, then per job
     *     {@code lmwb-spark: model REF} and {@code lmwb-spark: progress DONE TOTAL})
     * @return the stored embeddings, in the jobs' order
     * @throws Exception when Spark gives up on a job, the master cannot be reached, or an entry cannot be written
     */
    public static List<LayerEmbeddings> run(List<SparkEmbeddingJob> jobs, SparkConf conf, PrintStream log)
            throws Exception {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("no embedding jobs");
        }
        if (!conf.contains("spark.master")) {
            conf.setMaster(jobs.get(0).master());
        }
        requireReachable(conf.get("spark.master"));
        String models = String.join(", ", jobs.stream().map(SparkEmbeddingJob::model).toList());
        conf.setAppName("lmwb embed " + (models.length() > 200 ? models.substring(0, 200) + "..." : models))
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        String jar = jobJar();
        if (jar != null) {
            conf.setJars(new String[] {jar});
        }
        conf.setExecutorEnv("OMP_WAIT_POLICY", "PASSIVE");
        String djlCache = System.getenv("DJL_CACHE_DIR");
        if (djlCache != null && !conf.contains("spark.executorEnv.DJL_CACHE_DIR")) {
            conf.setExecutorEnv("DJL_CACHE_DIR", djlCache);
        }
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains("ai.djl.offline")) {
            conf.set("spark.executor.extraJavaOptions", (executorOptions + " -Dai.djl.offline=true").trim());
        }
        String runFolder = jobs.get(0).workFolder().replaceAll("/+$", "") + "/run-" + UUID.randomUUID();
        java.nio.file.Path shipped = Files.createTempDirectory("lmwb-spark-ship");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            FileSystem fs = new Path(runFolder).getFileSystem(sc.hadoopConfiguration());
            Path run = new Path(runFolder);
            Thread cleanup = new Thread(() -> {
                try {
                    sc.cancelAllJobs(); // no new tasks start writing
                } catch (RuntimeException stopped) {
                    // Spark's own shutdown hook stopped the context first
                }
                removeRun(fs, run);
                deleteQuietly(shipped);
            }, "lmwb-spark-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup); // a cancelled run (SIGTERM) leaves no work files behind
            try {
                fs.mkdirs(run);
                // the tasks' file systems get the driver's Hadoop settings (spark.hadoop.*, core-site.xml), not the
                // defaults of a new Configuration()
                Broadcast<SerializableConfiguration> hadoop = sc.broadcast(
                        new SerializableConfiguration(sc.hadoopConfiguration()));
                log.println("lmwb-spark: application " + sc.sc().applicationId());
                List<LayerEmbeddings> out = new ArrayList<>();
                for (int i = 0; i < jobs.size(); i++) {
                    SparkEmbeddingJob job = jobs.get(i);
                    log.println("lmwb-spark: model " + job.model());
                    out.add(embed(job, "job" + i + "-", sc, hadoop, fs, new Path(run, "job-" + i), shipped, log));
                }
                return out;
            } finally {
                removeRun(fs, run);
                deleteQuietly(shipped);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    /**
     * Embeds one job: its model's files are shipped under names of their own ({@code prefix} + file name: two models'
     * {@code model.onnx} must not meet in Spark's file server), its tasks write into {@code folder}, which is made
     * here: tasks create files only inside it, never a folder.
     */
    private static LayerEmbeddings embed(SparkEmbeddingJob job, String prefix, JavaSparkContext sc,
            Broadcast<SerializableConfiguration> hadoop, FileSystem fs, Path folder, java.nio.file.Path shipped,
            PrintStream log) throws Exception {
        if (!fs.mkdirs(folder)) {
            throw new IOException("cannot create the job's work folder " + folder);
        }
        int n = job.inputs().size();
        int count = sc.getConf().getInt(PARTITIONS, partitionCount(n, sc.defaultParallelism()));
        List<Partition> parts = partitions(job.inputs(), count);
        String weights = ship(sc, job.weights(), prefix, shipped);
        String tokenizer = ship(sc, job.tokenizer(), prefix, shipped);
        String config = job.config() == null || !Files.isRegularFile(java.nio.file.Path.of(job.config())) ? null
                : ship(sc, job.config(), prefix, shipped);
        SparkEmbeddingJob settings = new SparkEmbeddingJob(job.master(), job.model(), job.weightFormat(), job.weights(),
                job.tokenizer(), job.config(), job.modelHash(), List.of(), job.layers(), job.layerMean(),
                job.subwordPooling(), job.sentencePooling(), job.pairEncoding(), job.batchSize(), job.datasetHash(),
                job.cacheKey(), job.cacheFolder(), job.workFolder());
        reportProgress(sc.sc(), parts, n, log);
        log.println("lmwb-spark: progress 0 " + n);
        long start = System.nanoTime();
        List<PartitionResult> results = new ArrayList<>(sc.parallelize(parts, parts.size())
                .map(new PartitionEmbedder(Json.COMPACT.toJson(settings), hadoop, folder.toString(), weights, tokenizer,
                        config))
                .collect());
        double seconds = (System.nanoTime() - start) / 1e9;
        results.sort(Comparator.comparingInt(PartitionResult::index));
        for (PartitionResult r : results) {
            log.printf(Locale.ROOT, "lmwb-spark: partition %d: %d inputs on %s in %.2f s (model load %.2f s)%n", r.index(),
                    parts.get(r.index()).rows().length, r.host(), r.seconds(), r.loadSeconds());
        }
        log.printf(Locale.ROOT, "lmwb-spark: %d inputs in %d partitions, job %.2f s%n", n, parts.size(), seconds);
        LayerEmbeddings assembled = assemble(job, parts, results, fs, sc.version());
        requireFinite(job.model(), assembled);
        new DiskEmbeddingCache(ComponentConfig.of(DiskEmbeddingCache.Config.class, Map.of("folder", job.cacheFolder())))
                .put(job.cacheKey(), job.model(), job.datasetHash(), assembled);
        return assembled;
    }

    /**
     * At least two tasks per core (a lost executor's share spreads over the others, and the slowest task is short),
     * at most 1,024 inputs per task for large jobs, never more tasks than inputs.
     *
     * @param inputs number of inputs
     * @param parallelism the cluster's cores ({@code defaultParallelism})
     * @return the number of partitions
     */
    static int partitionCount(int inputs, int parallelism) {
        return Math.max(1, Math.min(inputs, Math.max(2 * Math.max(2, parallelism), (inputs + 1023) / 1024)));
    }

    /**
     * Sorts the inputs by length (characters of text, pair and words: the driver does not tokenize) from longest to
     * shortest and cuts that order into {@code count} runs of nearly equal size, so each task's batches hold inputs of
     * similar length and stay dense. Equal lengths keep their input order.
     *
     * @param inputs the inputs
     * @param count number of partitions
     * @return the partitions, each with its inputs' positions
     */
    static List<Partition> partitions(List<EmbeddingInput> inputs, int count) {
        int n = inputs.size();
        Integer[] order = new Integer[n];
        int[] length = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            EmbeddingInput in = inputs.get(i);
            length[i] = in.text().length() + (in.pair() == null ? 0 : in.pair().length())
                    + in.words().stream().mapToInt(String::length).sum();
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> length[i]).reversed());
        List<Partition> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int from = (int) ((long) n * p / count);
            int to = (int) ((long) n * (p + 1) / count);
            int[] rows = new int[to - from];
            List<EmbeddingInput> part = new ArrayList<>();
            for (int k = from; k < to; k++) {
                rows[k - from] = order[k];
                part.add(inputs.get(order[k]));
            }
            out.add(new Partition(p, rows, Json.COMPACT.toJson(part)));
        }
        return out;
    }

    /** Puts each task's rows back at its inputs' positions, layer by layer. */
    static LayerEmbeddings assemble(SparkEmbeddingJob job, List<Partition> parts, List<PartitionResult> results,
            FileSystem fs, String sparkVersion) throws IOException {
        int n = job.inputs().size();
        boolean perWord = job.sentencePooling() == SentencePooling.NONE;
        int[] rowsOf = new int[n];
        Arrays.fill(rowsOf, 1);
        long tokens = 0;
        int truncated = 0;
        for (PartitionResult r : results) {
            int[] rows = parts.get(r.index()).rows();
            if (perWord) {
                for (int k = 0; k < rows.length; k++) {
                    rowsOf[rows[k]] = r.wordsPerInput()[k];
                }
            }
            tokens += r.tokens();
            truncated += r.truncatedInputs();
        }
        int[] rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] = rowStart[i] + rowsOf[i];
        }
        int total = rowStart[n];
        Map<String, float[]> matrices = new TreeMap<>();
        int cols = -1;
        java.nio.file.Path local = Files.createTempDirectory("lmwb-spark-assemble");
        try {
            for (PartitionResult r : results) {
                int[] rows = parts.get(r.index()).rows();
                for (Map.Entry<String, String> file : r.files().entrySet()) {
                    java.nio.file.Path f = local.resolve(file.getKey());
                    fs.copyToLocalFile(false, new Path(file.getValue()), new Path(f.toUri()), true);
                    FloatMatrix m = Npy.readMatrix(f);
                    Files.delete(f);
                    cols = m.cols();
                    float[] all = matrices.computeIfAbsent(file.getKey(), k -> new float[total * m.cols()]);
                    int at = 0;
                    for (int row : rows) {
                        for (int w = 0; w < rowsOf[row]; w++, at++) {
                            for (int c = 0; c < m.cols(); c++) {
                                all[(rowStart[row] + w) * m.cols() + c] = m.get(at, c);
                            }
                        }
                    }
                    if (at != m.rows()) {
                        throw new IOException("partition " + r.index() + " wrote " + m.rows() + " rows to "
                                + file.getKey() + ", expected " + at);
                    }
                }
            }
        } finally {
            AtomicFolder.deleteTree(local);
        }
        TreeMap<Integer, FloatMatrix> layers = new TreeMap<>();
        FloatMatrix mean = null;
        for (Map.Entry<String, float[]> e : matrices.entrySet()) {
            FloatMatrix m = FloatMatrix.wrap(total, cols, e.getValue());
            Matcher layer = Pattern.compile("layer-(-?\\d+)\\.npy").matcher(e.getKey());
            if (layer.matches()) {
                layers.put(Integer.parseInt(layer.group(1)), m);
            } else if (e.getKey().equals("mean.npy")) {
                mean = m;
            }
        }
        PartitionResult first = results.get(0);
        Map<String, String> configuration = new LinkedHashMap<>(new TreeMap<>(first.configuration()));
        configuration.put("engine", "spark");
        configuration.put("sparkMaster", job.master());
        configuration.put("partitions", Integer.toString(parts.size()));
        Map<String, String> inputs = new LinkedHashMap<>(first.provenanceInputs());
        if (job.datasetHash() != null) {
            inputs.put("dataset", job.datasetHash());
        }
        Map<String, String> versions = new LinkedHashMap<>(new TreeMap<>(first.versions()));
        versions.put("spark", sparkVersion);
        Provenance p = new Provenance(first.component(), configuration, inputs, null, versions, Instant.now());
        int[] words = new int[0];
        if (perWord) {
            words = rowsOf;
        }
        return new LayerEmbeddings(layers, mean, words, tokens, truncated, false, p);
    }

    /** Tells the workbench how many inputs are embedded each time a partition's first successful attempt ends. */
    private static void reportProgress(SparkContext sc, List<Partition> parts, int n, PrintStream log) {
        BitSet finished = new BitSet(parts.size());
        AtomicLong done = new AtomicLong();
        sc.addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    return;
                }
                int index = end.taskInfo().index();
                synchronized (finished) {
                    if (index >= parts.size() || finished.get(index)) {
                        return;
                    }
                    finished.set(index);
                }
                log.println("lmwb-spark: progress " + done.addAndGet(parts.get(index).rows().length) + " " + n);
            }
        });
    }

    /**
     * Ships a model file to the executors under {@code prefix} + its name, through a symbolic link of that name (the
     * file itself is not copied on the driver's side).
     *
     * @return the name executors find it under ({@code SparkFiles.get})
     */
    private static String ship(JavaSparkContext sc, String file, String prefix, java.nio.file.Path shipped)
            throws IOException {
        java.nio.file.Path source = java.nio.file.Path.of(file).toAbsolutePath();
        String name = prefix + source.getFileName();
        // a file: URI, not a plain path: Spark resolves a plain path to its canonical file, the link's target
        sc.addFile(Files.createSymbolicLink(shipped.resolve(name), source).toUri().toString());
        return name;
    }

    /** @return the jar this class came from (Spark ships it to the executors), or {@code null} in a build's classes */
    private static String jobJar() {
        try {
            URI location = SparkEmbedDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            return location.getPath().endsWith(".jar") ? location.toString() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A standalone master that does not answer would keep the driver retrying for a minute before Spark gives up:
     * check it first and say so in one line.
     */
    static void requireReachable(String master) {
        Matcher m = STANDALONE.matcher(master);
        if (!m.matches()) {
            return;
        }
        List<String> tried = new ArrayList<>();
        for (String hostPort : m.group(1).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                        5000);
                return;
            } catch (IOException | RuntimeException e) {
                tried.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + master + ": " + String.join(", ", tried)
                + "; is it running? ('runtime/spark-cluster status' for the local one)");
    }

    /** Refuses non-finite vectors as the in-process path does: they are never cached. */
    static void requireFinite(String model, LayerEmbeddings e) {
        Map<String, FloatMatrix> all = new LinkedHashMap<>();
        e.layers().forEach((l, m) -> all.put("layer " + l, m));
        if (e.layerMean() != null) {
            all.put("the layer mean", e.layerMean());
        }
        for (Map.Entry<String, FloatMatrix> m : all.entrySet()) {
            long bad = m.getValue().firstNonFinite();
            if (bad >= 0) {
                throw new IllegalStateException("model '" + model + "' produced a non-finite value in " + m.getKey()
                        + " (row " + bad / m.getValue().cols() + "); its weights are broken. Nothing was cached");
            }
        }
    }

    private static void deleteQuietly(java.nio.file.Path folder) {
        try {
            AtomicFolder.deleteTree(folder);
        } catch (IOException | RuntimeException e) {
            // best effort: only links to model files
        }
    }

    /**
     * Removes the run's folder when the run ends or is cancelled. Tasks may still be running then (a cancelled job's
     * tasks finish their batch), and they only create files inside the job folders, never a folder
     * ({@link PartitionEmbedder#write}). A recursive delete lists a folder and then removes it, so a file a task
     * creates in between would keep the folder; the run's folder is therefore first renamed out of the tasks' way (one
     * atomic step on HDFS and local disks: a task's next file then finds no folder and its task fails) and removed
     * under its new name.
     */
    private static void removeRun(FileSystem fs, Path run) {
        try {
            Path removing = new Path(run.getParent(), ".removing-" + run.getName());
            fs.delete(fs.rename(run, removing) ? removing : run, true);
        } catch (IOException | RuntimeException e) {
            // best effort: a later run does not read this run's folder
        }
    }

    /**
     * @param t what ended the run
     * @return one line: Spark's "Job aborted ... most recent failure: ..." is cut to its first line
     */
    static String reason(Throwable t) {
        Throwable root = t;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse(message).strip();
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }
}
