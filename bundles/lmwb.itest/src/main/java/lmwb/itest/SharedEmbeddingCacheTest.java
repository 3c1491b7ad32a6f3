package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelOptions;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The embedding cache is shared by every user of a server: two jobs that embed the same model on the same dataset
 * at the same time (two workers, or a local command beside the server's job) must embed it once — the second waits
 * for the first's entry and reads it, instead of running the same forward pass again and writing the same entry.
 */
class SharedEmbeddingCacheTest {
    private static final String MODEL = "all-minilm-l6-v2";

    @InjectService(timeout = 20_000)
    EmbeddingService embeddings;

    @Test
    void twoConcurrentCallersForTheSameEntryEmbedOnce() throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            inputs.add(EmbeddingInput.text("sentence number " + i + " of a dataset that two lab members rank at once."));
        }
        EmbeddingRequest request = EmbeddingRequest.of(inputs, List.of(-1), false);
        // a dataset hash no earlier run used: the entry is not in the (persistent) test cache yet
        String datasetHash = "itest-shared-" + UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<LayerEmbeddings>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(two.submit(() -> {
                    go.await();
                    return embeddings.embed(MODEL, request, datasetHash, ModelOptions.DEFAULTS, ProgressListener.NONE,
                            new CancellationToken());
                }));
            }
            go.countDown();
            LayerEmbeddings a = calls.get(0).get(300, TimeUnit.SECONDS);
            LayerEmbeddings b = calls.get(1).get(300, TimeUnit.SECONDS);
            int computed = (a.fromCache() ? 0 : 1) + (b.fromCache() ? 0 : 1);
            assertEquals(1, computed, "forward passes for one entry requested twice at once");
            int layer = a.layers().keySet().iterator().next();
            assertArrayEquals(a.layer(layer).toArray(), b.layer(layer).toArray(), "both get the same vectors");
        } finally {
            two.shutdownNow();
        }
    }
}
