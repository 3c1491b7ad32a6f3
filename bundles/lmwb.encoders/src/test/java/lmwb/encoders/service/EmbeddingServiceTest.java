package lmwb.encoders.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingCache;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.SentencePooling;
import lmwb.encoders.builtin.BuiltinTestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service resolves through its sources, embeds once, and answers a repeated request from the cache. */
class EmbeddingServiceTest {

    @Test
    void secondIdenticalRequestComesFromTheCache(@TempDir Path tmp) throws Exception {
        BuiltinTestModels.resolve("all-minilm-l6-v2");
        DiskEmbeddingCache cache = Wiring.cache(tmp.resolve("cache"));
        WorkbenchEmbeddingService service = Wiring.embeddings(cache, BuiltinTestModels.source("mvn", BuiltinTestModels.MODELS));
        EmbeddingRequest req = EmbeddingRequest.of(List.of(EmbeddingInput.text("A short sentence."),
                EmbeddingInput.text("Another, somewhat longer sentence about the weather in Paris."),
                EmbeddingInput.words(List.of("New", "York", "is", "big"))), List.of(-1, 3), true);
        java.util.List<ProgressEvent> events = new java.util.ArrayList<>();
        LayerEmbeddings first = service.embed("all-minilm-l6-v2", req, "sha256:test", ModelOptions.DEFAULTS,
                events::add, CancellationToken.NONE);
        assertFalse(first.fromCache());
        assertEquals(3, first.layer(6).rows());
        assertEquals(384, first.layer(3).cols());
        assertEquals("sha256:test", first.provenance().inputs().get("dataset"));
        assertEquals(3, events.get(events.size() - 1).done());
        assertEquals("sentences", events.get(events.size() - 1).unit());

        LayerEmbeddings second = service.embed("all-minilm-l6-v2", req, "sha256:test", ModelOptions.DEFAULTS,
                ProgressListener.NONE, CancellationToken.NONE);
        assertTrue(second.fromCache());
        assertArrayEquals(first.layer(6).toArray(), second.layer(6).toArray());
        assertArrayEquals(first.layer(3).toArray(), second.layer(3).toArray());
        assertArrayEquals(first.mean().orElseThrow().toArray(), second.mean().orElseThrow().toArray());
        assertEquals(first.tokens(), second.tokens());

        List<EmbeddingCache.Entry> entries = cache.entries();
        assertEquals(1, entries.size());
        assertEquals("3,6,mean", entries.get(0).layers());
        assertTrue(entries.get(0).bytes() > 3 * 384 * 4 * 3);

        LayerEmbeddings other = service.embed("all-minilm-l6-v2", req.withSentencePooling(SentencePooling.CLS),
                "sha256:test", ModelOptions.DEFAULTS, ProgressListener.NONE, CancellationToken.NONE);
        assertFalse(other.fromCache());
        assertEquals(2, cache.entries().size());
        assertTrue(cache.clear() > 0);
        assertEquals(0, cache.entries().size());
    }

    @Test
    void unknownModelListsTheAvailableOnes(@TempDir Path tmp) {
        WorkbenchEmbeddingService service = Wiring.embeddings(Wiring.cache(tmp), BuiltinTestModels.source("", tmp.resolve("models")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.open("no-such-model", ModelOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("unknown model 'no-such-model'"), e.getMessage());
        assertTrue(e.getMessage().contains("all-minilm-l6-v2") && e.getMessage().contains("bge-small-en-v1.5"),
                e.getMessage());
        assertEquals(List.of("all-minilm-l6-v2", "bge-small-en-v1.5", "e5-small-v2", "bge-small-en"),
                service.defaultModels());
    }
}
