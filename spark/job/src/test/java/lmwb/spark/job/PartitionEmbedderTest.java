package lmwb.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import lmwb.api.FloatMatrix;
import lmwb.api.Provenance;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.io.Npy;
import lmwb.common.maven.AtomicFolder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a task writes its partition into the run's folder, which the driver created and removes when the run ends or is
 * cancelled (Ctrl-C): the files arrive under names of the task's own attempt, and a task that writes after the removal
 * fails with one line and does not bring the folder back.
 */
class PartitionEmbedderTest {
    /** Two layers of 2 × 3 and a layer mean: what a task of two inputs of a 3-wide model holds. */
    private static LayerEmbeddings embeddings() {
        TreeMap<Integer, FloatMatrix> layers = new TreeMap<>();
        layers.put(0, FloatMatrix.wrap(2, 3, new float[] {1, 2, 3, 4, 5, 6}));
        layers.put(6, FloatMatrix.wrap(2, 3, new float[] {-1, -2, -3, -4, -5, -6}));
        return new LayerEmbeddings(layers, FloatMatrix.wrap(2, 3, new float[] {0, 0, 0, 0, 0, 0.5f}), new int[0], 7, 0,
                false, new Provenance("test", Map.of(), Map.of(), null, Map.of(), Instant.EPOCH));
    }

    @Test
    void aTaskWritingAfterTheRunFolderIsRemovedFailsAndDoesNotRecreateIt(@TempDir java.nio.file.Path tmp)
            throws IOException {
        // The driver removes the run folder (Ctrl-C) just as the task begins to write: the first time the task names
        // a path inside the job's folder, the folder's file system removes the run folder, as the driver's shutdown
        // hook would at that instant.
        java.nio.file.Path job = Files.createDirectories(tmp.resolve("run-1").resolve("job-0"));
        FileSystem fs = new RemovedWhileWriting(job.getParent().toFile(), job.toFile());
        fs.initialize(tmp.toUri(), new Configuration());
        IOException e = assertThrows(IOException.class, () -> PartitionEmbedder.write(fs,
                new Path(job.toUri()), 3, "17", embeddings()));
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
        assertTrue(e.getMessage().contains("partition 3 not written"), e.getMessage());
        assertFalse(Files.exists(job.getParent()), "the run's folder stays removed");
    }

    @Test
    void aTaskWritesItsLayersIntoTheJobFolderUnderItsAttemptsNames(@TempDir java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path job = Files.createDirectories(tmp.resolve("run-1").resolve("job-0"));
        LocalFileSystem fs = FileSystem.getLocal(new Configuration());
        Map<String, String> files = PartitionEmbedder.write(fs, new Path(job.toUri()), 3, "17", embeddings());
        assertEquals(new TreeSet<>(List.of("layer-0.npy", "layer-6.npy", "mean.npy")), new TreeSet<>(files.keySet()));
        FloatMatrix layer6 = Npy.readMatrix(java.nio.file.Path.of(new Path(files.get("layer-6.npy")).toUri()));
        assertEquals(-6f, layer6.get(1, 2)); // row 1, column 2 of layer 6 as made above
        try (var listed = Files.list(job)) {
            assertTrue(listed.allMatch(f -> f.getFileName().toString().startsWith("part-3.attempt-17.")),
                    "only the attempt's own files, nothing else in the job folder");
        }
    }

    /**
     * Hadoop's local file system that removes {@code run} the first time a path strictly inside {@code job} is turned
     * into a file, i.e. when a task starts working in the job's folder.
     */
    private static final class RemovedWhileWriting extends RawLocalFileSystem {
        private final File run;
        private final File job;
        private boolean removed;

        RemovedWhileWriting(File run, File job) {
            this.run = run;
            this.job = job;
        }

        @Override
        public File pathToFile(Path path) {
            File f = super.pathToFile(path);
            if (!removed && f.getParentFile() != null && f.getAbsolutePath().startsWith(job.getAbsolutePath() + "/")) {
                removed = true;
                try {
                    AtomicFolder.deleteTree(run.toPath());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return f;
        }
    }
}
