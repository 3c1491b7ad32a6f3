package lmwb.spark.job;

import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.io.Npy;
import lmwb.common.json.Json;
import lmwb.common.maven.AtomicFolder;
import lmwb.encoders.forward.EncoderLanguageModel;
import lmwb.encoders.spark.SparkEmbeddingJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task: embeds one {@link Partition} with lmwb's own encoder, tokenizer and pooling
 * ({@link EncoderLanguageModel}, as the workbench's in-process path), and writes one {@code .npy} per layer into the
 * job's work folder. A task's files go into a folder of its own attempt first and are renamed into
 * {@code part-<index>} when complete, so a re-run attempt (a lost executor, speculation) never mixes with another's
 * half-written files; whichever attempt renames first wins and the rows are the same.
 *
 * <p>An executor keeps the model open between its tasks (loading it is the largest fixed cost of a task). A driver runs
 * one model's tasks after the other's, so when a task needs another model, the models no task uses any more are closed.
 */
public final class PartitionEmbedder implements Function<Partition, PartitionResult> {
    private static final long serialVersionUID = 1L;
    /** Models open in this executor, by content hash and tokenizer, with the number of tasks using each. */
    private static final Map<String, InUse> OPEN = new HashMap<>();

    private final String job;
    private final String runFolder;
    private final String weightsName;
    private final String tokenizerName;
    private final String configName;

    /**
     * @param job the job, as JSON, without its inputs (those travel with the partitions)
     * @param runFolder the URI of this run's folder in the work folder
     * @param weightsName the weights' file name as shipped with {@code SparkContext.addFile}
     * @param tokenizerName the tokenizer's file name as shipped
     * @param configName the configuration's file name as shipped, or {@code null}
     */
    public PartitionEmbedder(String job, String runFolder, String weightsName, String tokenizerName, String configName) {
        this.job = job;
        this.runFolder = runFolder;
        this.weightsName = weightsName;
        this.tokenizerName = tokenizerName;
        this.configName = configName;
    }

    @Override
    public PartitionResult call(Partition p) throws Exception {
        long start = System.nanoTime();
        SparkEmbeddingJob j = Json.COMPACT.fromJson(job, SparkEmbeddingJob.class);
        long loadStart = System.nanoTime();
        boolean loaded;
        synchronized (OPEN) {
            loaded = OPEN.containsKey(key(j));
        }
        InUse model = open(j);
        double load = loaded ? 0 : (System.nanoTime() - loadStart) / 1e9;
        List<EmbeddingInput> inputs = Json.COMPACT.fromJson(p.inputs(), new TypeToken<List<EmbeddingInput>>() { }.getType());
        LayerEmbeddings e;
        try {
            e = model.model.embed(j.request(inputs), ProgressListener.NONE, CancellationToken.NONE);
        } finally {
            synchronized (OPEN) {
                model.tasks--;
            }
        }
        String folder = write(p.index(), e);
        Map<String, String> config = new HashMap<>();
        e.provenance().configuration().forEach((k, v) -> config.put(k, v));
        return new PartitionResult(p.index(), folder, e.wordsPerInput(), e.tokens(), e.truncatedInputs(),
                e.provenance().component(), config, new HashMap<>(e.provenance().inputs()),
                new HashMap<>(e.provenance().versions()), InetAddress.getLocalHost().getHostName(),
                (System.nanoTime() - start) / 1e9, load);
    }

    /** @return the job's model, open, counted as used by this task (the caller counts it down) */
    private InUse open(SparkEmbeddingJob j) throws IOException {
        synchronized (OPEN) {
            String key = key(j);
            InUse m = OPEN.get(key);
            if (m == null) {
                var idle = OPEN.entrySet().iterator();
                while (idle.hasNext()) {
                    InUse other = idle.next().getValue();
                    if (other.tasks == 0) {
                        other.model.close();
                        idle.remove();
                    }
                }
                m = new InUse(EncoderLanguageModel.open(j.artifact(java.nio.file.Path.of(SparkFiles.get(weightsName)),
                        java.nio.file.Path.of(SparkFiles.get(tokenizerName)),
                        configName == null ? null : java.nio.file.Path.of(SparkFiles.get(configName))), "cpu", 0.1f));
                OPEN.put(key, m);
            }
            m.tasks++;
            return m;
        }
    }

    /** An open model and how many tasks of this executor use it now (guarded by {@link #OPEN}). */
    private static final class InUse {
        final EncoderLanguageModel model;
        int tasks;

        InUse(EncoderLanguageModel model) {
            this.model = model;
        }
    }

    private String key(SparkEmbeddingJob j) {
        return j.modelHash() + "\n" + tokenizerName;
    }

    /** Writes the matrices locally, copies them into an attempt folder, then renames that into place. */
    private String write(int index, LayerEmbeddings e) throws IOException {
        Path run = new Path(runFolder);
        FileSystem fs = run.getFileSystem(new Configuration());
        Path done = new Path(run, "part-" + index);
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "0" : task.taskAttemptId() + "";
        Path attemptFolder = new Path(run, ".part-" + index + ".attempt-" + attempt);
        java.nio.file.Path local = Files.createTempDirectory("lmwb-spark-part");
        try {
            for (var layer : e.layers().entrySet()) {
                Npy.writeMatrix(local.resolve("layer-" + layer.getKey() + ".npy"), layer.getValue());
            }
            FloatMatrix mean = e.layerMean();
            if (mean != null) {
                Npy.writeMatrix(local.resolve("mean.npy"), mean);
            }
            // The driver removes the job's folder when the run is cancelled or ends; a task still running then must
            // not bring it back (mkdirs and copies create missing parents), so it writes nothing once it is gone.
            if (!fs.exists(run)) {
                throw new IOException("the run's work folder " + run + " is gone (the run was cancelled or ended): "
                        + "partition " + index + " not written");
            }
            fs.delete(attemptFolder, true);
            fs.mkdirs(attemptFolder);
            try (var files = Files.list(local)) {
                for (java.nio.file.Path f : files.toList()) {
                    fs.copyFromLocalFile(true, true, new Path(f.toUri()), new Path(attemptFolder, f.getFileName().toString()));
                }
            }
            // (Hadoop's rename moves a folder INTO an existing target folder, hence the check first)
            if (fs.exists(done) || !fs.rename(attemptFolder, done)) {
                // another attempt of this partition finished first: its rows are the same
                fs.delete(attemptFolder, true);
                if (!fs.exists(done)) {
                    throw new IOException("cannot rename " + attemptFolder + " to " + done);
                }
            }
        } finally {
            AtomicFolder.deleteTree(local);
        }
        return done.toString();
    }
}
