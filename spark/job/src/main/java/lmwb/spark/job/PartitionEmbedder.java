package lmwb.spark.job;

import com.google.gson.reflect.TypeToken;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The Spark task: embeds one {@link Partition} with lmwb's own encoder, tokenizer and pooling
 * ({@link EncoderLanguageModel}, as the workbench's in-process path), and writes one {@code .npy} per layer into the
 * job's folder in the work folder, under names of its own attempt ({@link #write}).
 *
 * <p>An executor keeps the model open between its tasks (loading it is the largest fixed cost of a task). A driver runs
 * one model's tasks after the other's, so when a task needs another model, the models no task uses any more are closed.
 */
public final class PartitionEmbedder implements Function<Partition, PartitionResult> {
    private static final long serialVersionUID = 1L;
    /** Models open in this executor, by content hash and tokenizer, with the number of tasks using each. */
    private static final Map<String, InUse> OPEN = new HashMap<>();

    private final String job;
    private final Broadcast<SerializableConfiguration> hadoop;
    private final String jobFolder;
    private final String weightsName;
    private final String tokenizerName;
    private final String configName;

    /**
     * @param job the job, as JSON, without its inputs (those travel with the partitions)
     * @param hadoop the driver's Hadoop configuration ({@code SparkContext.hadoopConfiguration()}: its
     *     {@code spark.hadoop.*} settings, {@code core-site.xml}), for every file system call of the task
     * @param jobFolder the URI of the job's folder in the work folder, which the driver created
     * @param weightsName the weights' file name as shipped with {@code SparkContext.addFile}
     * @param tokenizerName the tokenizer's file name as shipped
     * @param configName the configuration's file name as shipped, or {@code null}
     */
    public PartitionEmbedder(String job, Broadcast<SerializableConfiguration> hadoop, String jobFolder,
            String weightsName, String tokenizerName, String configName) {
        this.job = job;
        this.hadoop = hadoop;
        this.jobFolder = jobFolder;
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
        Path folder = new Path(jobFolder);
        TaskContext task = TaskContext.get();
        Map<String, String> files = write(folder.getFileSystem(hadoop.value().value()), folder, p.index(),
                task == null ? "0" : Long.toString(task.taskAttemptId()), e);
        Map<String, String> config = new HashMap<>();
        e.provenance().configuration().forEach((k, v) -> config.put(k, v));
        return new PartitionResult(p.index(), files, e.wordsPerInput(), e.tokens(), e.truncatedInputs(),
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

    /**
     * Writes the matrices into the job's folder, one file per layer under names of this attempt
     * ({@code part-<index>.attempt-<attempt>.layer-<n>.npy}, {@code ....mean.npy}): a re-run attempt of the partition
     * (a lost executor, speculation) never meets another attempt's files, and the driver reads the files of the
     * attempt whose result it got. The folder is the driver's: it made it before the job and removes the whole run
     * when the run ends or is cancelled, and a task still running then must not bring it back, so each file is
     * created only inside the existing folder ({@link #createInFolder}); once the folder is gone the task fails with
     * one line and writes nothing more.
     *
     * @return the files written, by their name in a partition ({@code layer-<n>.npy}, {@code mean.npy})
     */
    static Map<String, String> write(FileSystem fs, Path folder, int index, String attempt, LayerEmbeddings e)
            throws IOException {
        Map<String, FloatMatrix> matrices = new LinkedHashMap<>();
        e.layers().forEach((layer, m) -> matrices.put("layer-" + layer + ".npy", m));
        if (e.layerMean() != null) {
            matrices.put("mean.npy", e.layerMean());
        }
        Map<String, String> files = new HashMap<>();
        java.nio.file.Path local = Files.createTempDirectory("lmwb-spark-part");
        try {
            for (Map.Entry<String, FloatMatrix> m : matrices.entrySet()) {
                java.nio.file.Path matrix = local.resolve(m.getKey());
                Npy.writeMatrix(matrix, m.getValue());
                Path file = new Path(folder, "part-" + index + ".attempt-" + attempt + "." + m.getKey());
                try (OutputStream out = createInFolder(fs, file, index)) {
                    Files.copy(matrix, out);
                }
                Files.delete(matrix);
                files.put(m.getKey(), file.toString());
            }
        } finally {
            AtomicFolder.deleteTree(local);
        }
        return files;
    }

    /**
     * Creates a new file in its folder, never the folder: Hadoop's {@code create} (and {@code copyFromLocalFile},
     * {@code mkdirs}) make missing parents, {@code createNonRecursive} does not (HDFS, S3A, ABFS). Hadoop's local file
     * systems are the exception: {@code RawLocalFileSystem.createNonRecursive} calls {@code mkdirs} on the parent and
     * {@code LocalFileSystem}'s checks the parent first and then does the same, so there the file is created by Java
     * itself ({@code CREATE_NEW}: one system call that fails when the folder is missing).
     *
     * @throws IOException "the run's work folder ... is gone" when the folder does not exist (the run was cancelled
     *     or ended); others as the file system's
     */
    static OutputStream createInFolder(FileSystem fs, Path file, int index) throws IOException {
        try {
            File local = fs instanceof LocalFileSystem l ? l.pathToFile(file)
                    : fs instanceof RawLocalFileSystem r ? r.pathToFile(file) : null;
            if (local != null) {
                return Files.newOutputStream(local.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            return fs.createNonRecursive(file, false, 1 << 16, fs.getDefaultReplication(file),
                    fs.getDefaultBlockSize(file), null);
        } catch (FileNotFoundException | NoSuchFileException gone) {
            throw new IOException("the run's work folder " + file.getParent() + " is gone (the run was cancelled or "
                    + "ended): partition " + index + " not written", gone);
        }
    }
}
