package lmwb.encoders.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.encoders.builtin.BuiltinTestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code embed} runs one batch per core: results do not depend on which worker took which batch, cancellation
 * stops every worker, and no worker thread outlives the call.
 */
class ParallelEmbedTest {
    private static EncoderLanguageModel model;
    private static final List<EmbeddingInput> INPUTS = new ArrayList<>();

    @BeforeAll
    static void open() throws Exception {
        model = EncoderLanguageModel.open(BuiltinTestModels.resolve("all-minilm-l6-v2"), "cpu", 0.1f);
        for (int i = 0; i < 40; i++) {
            INPUTS.add(EmbeddingInput.text("sentence number " + i + " is " + "quite ".repeat(i % 7) + "long."));
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static EmbeddingRequest request() {
        return new EmbeddingRequest(INPUTS, List.of(0, -1), true, SubwordPooling.MEAN, SentencePooling.MEAN,
                PairEncoding.NATIVE, 4);
    }

    @Test
    void sameResultsWhicheverWorkerTakesABatch() {
        assertTrue(model.encoder().usesOpenBlas(), "this test is about the OpenBLAS path");
        LayerEmbeddings a = model.embed(request(), ProgressListener.NONE, CancellationToken.NONE);
        LayerEmbeddings b = model.embed(request(), ProgressListener.NONE, CancellationToken.NONE);
        for (int layer : a.layers().keySet()) {
            assertArrayEquals(a.layer(layer).toArray(), b.layer(layer).toArray(), "layer " + layer);
        }
        assertArrayEquals(a.mean().orElseThrow().toArray(), b.mean().orElseThrow().toArray());
    }

    @Test
    void cancellationStopsEveryWorker() {
        CancellationToken cancel = new CancellationToken();
        List<Long> seen = new ArrayList<>();
        ProgressListener cancelAfterFirstBatch = e -> {
            seen.add(e.done());
            if (e.done() > 0) {
                cancel.cancel();
            }
        };
        assertThrows(CancellationToken.CancelledException.class,
                () -> model.embed(request(), cancelAfterFirstBatch, cancel));
        assertTrue(seen.get(seen.size() - 1) < INPUTS.size(), "stopped before the end: " + seen);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("lmwb-embed-")),
                "no worker thread is left running");
    }
}
