package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.LabelMap;
import lmwb.api.data.Split;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.training.TrainingRequest;
import lmwb.api.training.TrainingResult;
import lmwb.encoders.spi.DropoutMasks;
import lmwb.encoders.spi.NamedTensor;
import lmwb.encoders.spi.TokenBatch;
import lmwb.encoders.spi.TrainableEncoder;
import lmwb.encoders.spi.TrainableEncoderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two fine-tunings with the same seed running at the same time in one JVM (as a shared runtime will run
 * them) take the same first step as one training alone: the same loss and the same weights after step 1.
 * Only the first step is compared (see {@link FineTuneTest} and RESULTS.md: libtorch's CPU training can part
 * after a few steps even alone). The data is one batch (8 training examples, batch size 8, one epoch), so the
 * checkpoint holds exactly the weights after step 1.
 *
 * <p>To make the two runs really overlap, each encoder's first training pass waits on a barrier that both
 * runs must reach: both runs have then set up (initialised, shuffled and seeded whatever they seed) before
 * either draws its first dropout mask. With one generator for the whole process, at most one of the two runs
 * can then see the number sequence of a run alone, so the comparison fails; with a generator per run, both
 * match.
 */
class ConcurrentTrainingTest {
    @TempDir
    static Path dir;
    static ModelArtifact a;
    static ModelArtifact b;

    @BeforeAll
    static void models() throws Exception {
        a = TinyBert.write(dir.resolve("tiny-a"), "tiny-a", 8, 1);
        b = TinyBert.write(dir.resolve("tiny-b"), "tiny-b", 6, 2);
    }

    /** One batch of training data, with dev and test given so nothing is split off. */
    static Dataset oneBatch() {
        List<Example> all = FineTuneTest.dataset(16).examples(Split.TRAIN);
        return new Dataset("tiny-cats", TaskType.TEXT_CLASSIFICATION, LabelMap.of(List.of("dog", "cat")),
                Map.of(Split.TRAIN, all.subList(0, 8), Split.DEV, all.subList(8, 12), Split.TEST, all.subList(12, 16)),
                "sha256:tiny-cats-8", Map.of());
    }

    static TrainingRequest request(Path out) {
        // Dropout 0.3 everywhere (encoders and the combined vector), so the masks matter.
        return TrainingRequest.defaults("tiny-cats", List.of("tiny-a", "tiny-b"))
                .withLearningRates(List.of(1e-3, 5e-4), 1e-2)
                .withSchedule(1, 8, 16, 1.0, 11, 1, 1, "accuracy")
                .withEncoding("mean", -1, 0.3, 0.3, true)
                .withOut(out.toString());
    }

    static TrainingResult train(TrainableEncoderFactory factory, Path out) throws IOException {
        return FineTuneTest.trainer(null, FineTuneTest.models(List.of(TinyBert.source(List.of(a, b)))), factory, FineTuneTest.HEADS, FineTuneTest.COMBINERS)
                .train(request(out), oneBatch(), ProgressListener.NONE, CancellationToken.NONE);
    }

    @Test
    void twoSameSeedTrainingsAtOnceTakeTheFirstStepOfOneAlone() throws Exception {
        TrainingResult alone = train(FineTuneTest.FACTORY, dir.resolve("alone"));
        assertEquals(1, alone.runs().get(0).stepLosses().size(), "one batch, one epoch: one step");

        CyclicBarrier bothReady = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrainingResult>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Path out = dir.resolve("concurrent-" + t);
                runs.add(pool.submit(() -> train(new MeetingFactory(FineTuneTest.FACTORY, bothReady), out)));
            }
            for (int t = 0; t < 2; t++) {
                TrainingResult r = runs.get(t).get(5, TimeUnit.MINUTES);
                assertEquals(alone.runs().get(0).stepLosses().get(0), r.runs().get(0).stepLosses().get(0), 1e-6,
                        "run " + t + ": loss of step 1");
                Path solo = Path.of(alone.runs().get(0).checkpoint());
                Path mine = Path.of(r.runs().get(0).checkpoint());
                for (String file : List.of("model.safetensors", "encoder-0.safetensors", "encoder-1.safetensors")) {
                    Map<String, NamedTensor> expected = FineTuneTest.FACTORY.readSafetensors(solo.resolve(file));
                    Map<String, NamedTensor> actual = FineTuneTest.FACTORY.readSafetensors(mine.resolve(file));
                    assertEquals(expected.keySet(), actual.keySet());
                    for (String name : expected.keySet()) {
                        // lr ≤ 1e-2, so a different dropout mask moves a weight by ~1e-3; 1e-6 allows rounding only.
                        assertArrayEquals(expected.get(name).data(), actual.get(name).data(), 1e-6f,
                                "run " + t + ": " + file + " " + name + " after step 1");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Opens the real encoders; their first training pass waits until the other run reaches its own. */
    private record MeetingFactory(TrainableEncoderFactory real, CyclicBarrier barrier) implements TrainableEncoderFactory {
        @Override
        public TrainableEncoder open(ModelArtifact artifact, Path weights, String device, float dropout, int maxLength)
                throws IOException {
            return new Meeting(real.open(artifact, weights, device, dropout, maxLength), barrier, new AtomicBoolean());
        }

        @Override
        public Map<String, NamedTensor> readSafetensors(Path file) throws IOException {
            return real.readSafetensors(file);
        }
    }

    private record Meeting(TrainableEncoder real, CyclicBarrier barrier, AtomicBoolean met) implements TrainableEncoder {
        @Override
        public NDList forward(NDManager manager, TokenBatch batch, DropoutMasks dropout) {
            if (dropout.active() && !met.getAndSet(true)) {
                try {
                    barrier.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the other training never reached its first step", e);
                }
            }
            return real.forward(manager, batch, dropout);
        }

        @Override
        public double dropout() {
            return real.dropout();
        }

        @Override
        public String reference() {
            return real.reference();
        }

        @Override
        public String contentHash() {
            return real.contentHash();
        }

        @Override
        public int hiddenSize() {
            return real.hiddenSize();
        }

        @Override
        public int layers() {
            return real.layers();
        }

        @Override
        public Device device() {
            return real.device();
        }

        @Override
        public Map<String, NDArray> parameters() {
            return real.parameters();
        }

        @Override
        public TokenBatch tokenize(List<EmbeddingInput> inputs, PairEncoding pairs) {
            return real.tokenize(inputs, pairs);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
