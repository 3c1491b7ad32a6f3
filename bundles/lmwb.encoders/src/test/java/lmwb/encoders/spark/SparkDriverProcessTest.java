package lmwb.encoders.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench's side of the driver protocol, with stand-in driver scripts that speak it (the real driver runs in
 * spark/job's unit tests and runtime/test/spark_test.py): the job file round trip, progress lines, the driver's
 * one-line reason, a missing driver, cancellation.
 */
class SparkDriverProcessTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(SparkDriverProcess.DRIVER_PROPERTY);
    }

    private SparkEmbeddingJob job() {
        ModelArtifact artifact = new ModelArtifact("m", "test", ModelArtifact.WeightFormat.ONNX, tmp.resolve("model.onnx"),
                tmp.resolve("tokenizer.json"), null, "hash");
        EmbeddingRequest request = new EmbeddingRequest(List.of(EmbeddingInput.text("a b"), EmbeddingInput.pair("c", "d"),
                EmbeddingInput.words(List.of("e", "f"))), List.of(-1, 0), true, SubwordPooling.FIRST, SentencePooling.CLS, PairEncoding.NATIVE, 8);
        return SparkEmbeddingJob.of("spark://127.0.0.1:7077", artifact, request, "dataset", "0123456789abcdef", tmp.resolve("cache"),
                "file:/shared/work");
    }

    private void driver(String body) throws IOException {
        Path script = tmp.resolve("driver.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        System.setProperty(SparkDriverProcess.DRIVER_PROPERTY, script.toString());
    }

    private SparkEmbeddingJob job(String model) {
        SparkEmbeddingJob j = job();
        return new SparkEmbeddingJob(j.master(), model, j.weightFormat(), j.weights(), j.tokenizer(), j.config(),
                model + "-hash", j.inputs(), j.layers(), j.layerMean(), j.subwordPooling(), j.sentencePooling(),
                j.pairEncoding(), j.batchSize(), j.datasetHash(), model + "-key", j.cacheFolder(), j.workFolder());
    }

    @Test
    void theJobFileReadsBackAsWritten() throws IOException {
        List<SparkEmbeddingJob> jobs = List.of(job(), job("m2"));
        SparkEmbeddingJob.write(jobs, tmp.resolve("job.json"));
        assertEquals(jobs, SparkEmbeddingJob.read(tmp.resolve("job.json")));
        Files.writeString(tmp.resolve("bad.json"), "[{\"master\": \"local\"}]");
        IOException e = assertThrows(IOException.class, () -> SparkEmbeddingJob.read(tmp.resolve("bad.json")));
        assertTrue(e.getMessage().contains("is not a list of embedding jobs"), e.getMessage());
        Files.writeString(tmp.resolve("empty.json"), "[]");
        e = assertThrows(IOException.class, () -> SparkEmbeddingJob.read(tmp.resolve("empty.json")));
        assertTrue(e.getMessage().contains("holds no embedding jobs"), e.getMessage());
    }

    @Test
    void severalModelsAreOneDriverWhoseModelLinesNameTheProgressAndTheFailure() throws IOException {
        Path runs = tmp.resolve("runs.txt");
        // the stand-in driver counts its starts and checks that the job file lists both models
        driver("echo run >> " + runs + "; grep -q '\"model\":\"m2\"' \"$2\" || exit 9\n"
                + "echo 'lmwb-spark: model m' >&2; echo 'lmwb-spark: progress 3 3' >&2;"
                + "echo 'lmwb-spark: model m2' >&2; echo 'lmwb-spark: progress 1 3' >&2");
        List<ProgressEvent> events = new ArrayList<>();
        SparkDriverProcess.run(List.of(job(), job("m2")), events::add, CancellationToken.NONE);
        assertEquals(1, Files.readAllLines(runs).size(), "one driver for two models");
        assertEquals(List.of("embed m on Spark", "embed m2 on Spark"), events.stream().map(ProgressEvent::stage).toList());
        driver("echo 'lmwb-spark: model m' >&2; echo 'lmwb-spark: model m2' >&2; echo 'lmwb: error: Job aborted' >&2; exit 1");
        IOException e = assertThrows(IOException.class, () -> SparkDriverProcess.run(List.of(job(), job("m2")), x -> { },
                CancellationToken.NONE));
        assertEquals("embedding m2 on Spark (spark://127.0.0.1:7077) failed: Job aborted", e.getMessage());
    }

    @Test
    void progressLinesBecomeProgressAndTheDriverGetsMasterAndJob() throws IOException {
        Path args = tmp.resolve("args.txt");
        driver("echo \"$1\" > " + args + "; test -s \"$2\" || exit 9\n"
                + "echo 'lmwb-spark: progress 0 3' >&2; echo 'spark: WARN noise' >&2; echo 'lmwb-spark: progress 3 3' >&2");
        List<ProgressEvent> events = new ArrayList<>();
        SparkDriverProcess.run(List.of(job()), events::add, CancellationToken.NONE);
        assertEquals("spark://127.0.0.1:7077", Files.readString(args).strip());
        assertEquals(List.of(0L, 3L), events.stream().map(ProgressEvent::done).toList());
    }

    @Test
    void aFailedDriverIsItsOwnOneLineReason() throws IOException {
        driver("echo 'spark: ERROR a long Spark log line' >&2; echo 'lmwb: error: Job aborted: task 3 failed 4 times' >&2; exit 1");
        IOException e = assertThrows(IOException.class, () -> SparkDriverProcess.run(List.of(job()), x -> { }, CancellationToken.NONE));
        assertEquals("embedding m on Spark (spark://127.0.0.1:7077) failed: Job aborted: task 3 failed 4 times", e.getMessage());
        driver("echo 'Killed' >&2; exit 137");
        e = assertThrows(IOException.class, () -> SparkDriverProcess.run(List.of(job()), x -> { }, CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("the Spark driver for m exited with status 137 (Killed)"), e.getMessage());
    }

    @Test
    void withoutADriverScriptTheMessageSaysHowToGetOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SparkDriverProcess.run(List.of(job()), x -> { }, CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("--engine spark needs the Spark driver script"), e.getMessage());
    }

    @Test
    void cancellingStopsTheDriver() throws IOException {
        Path started = tmp.resolve("started");
        driver("touch " + started + "; exec sleep 60");
        CancellationToken cancel = new CancellationToken();
        Thread canceller = new Thread(() -> {
            while (!Files.exists(started)) {
                Thread.onSpinWait();
            }
            cancel.cancel();
        });
        canceller.start();
        assertThrows(CancellationToken.CancelledException.class, () -> SparkDriverProcess.run(List.of(job()), x -> { }, cancel));
    }

    @Test
    void aSecondInterruptWhileTheDriverStopsLetsItsCleanupFinish() throws Exception {
        // Ctrl-C interrupts the command's thread twice (the batch thread and its Gogo job are the same thread): the
        // first starts the stop (SIGTERM), the second came during the driver's grace period and killed it (SIGKILL)
        // before its shutdown hook had removed the run's work folder. The stand-in driver's TERM handler takes 1 s.
        Path started = tmp.resolve("started");
        Path cleaned = tmp.resolve("cleaned");
        driver("trap 'sleep 1; touch " + cleaned + "; exit 143' TERM; touch " + started
                + "; while true; do sleep 0.1; done");
        Thread command = new Thread(() -> {
            try {
                SparkDriverProcess.run(List.of(job()), x -> { }, CancellationToken.NONE);
            } catch (IOException | RuntimeException e) {
                // cancelled
            }
        });
        command.start();
        while (!Files.exists(started)) {
            Thread.sleep(10);
        }
        command.interrupt();
        Thread.sleep(300); // the first interrupt has sent SIGTERM; the handler runs
        command.interrupt();
        command.join(30_000);
        assertTrue(Files.exists(cleaned), "the driver's TERM handler ran to its end");
    }
}
