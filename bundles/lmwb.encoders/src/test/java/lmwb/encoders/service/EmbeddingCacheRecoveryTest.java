package lmwb.encoders.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressEvent;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.ModelSource;
import lmwb.encoders.forward.TinyEncoderTest;
import lmwb.encoders.weights.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 3: a corrupt cache entry is dropped and recomputed (not an error until {@code cache --clear}),
 * and temporary folders left by killed writers are removed on the next use of the cache, while a live
 * writer's folder stays.
 */
class EmbeddingCacheRecoveryTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    /** A model source that resolves one tiny model folder, as the huggingface bundle's folder source would. */
    static ModelSource folderSource(ModelArtifact artifact) {
        return new ModelSource() {
            @Override
            public String name() {
                return "test-folder";
            }

            @Override
            public List<ModelDescriptor> available() {
                return List.of();
            }

            @Override
            public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) {
                return reference.equals(artifact.reference()) ? Optional.of(artifact) : Optional.empty();
            }
        };
    }

    static EmbeddingRequest request() {
        return EmbeddingRequest.of(List.of(EmbeddingInput.text("The cat sat on the mat."),
                EmbeddingInput.text("hello world!")), List.of(0, 1, 2), true);
    }

    @Test
    void aTruncatedLayerFileIsDroppedRecomputedAndReported(@TempDir Path tmp) throws Exception {
        ModelArtifact tiny = TinyEncoderTest.artifact(TinyModels.writeModel(tmp.resolve("bert"), "bert",
                TinyModels.HIDDEN, 7L), "bert");
        DiskEmbeddingCache cache = Wiring.cache(tmp.resolve("cache"));
        WorkbenchEmbeddingService service = Wiring.embeddings(cache, folderSource(tiny));
        LayerEmbeddings first = service.embed("tiny-bert", request(), "sha256:d", ModelOptions.DEFAULTS,
                ProgressListener.NONE, CancellationToken.NONE);
        Path entry = cache.location().resolve(cache.entries().get(0).key());
        Path layer = entry.resolve("layer-1.npy");
        try (FileChannel ch = FileChannel.open(layer, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10); // as in the issue: the file cut by hand
        }

        List<ProgressEvent> events = new ArrayList<>();
        LayerEmbeddings second = service.embed("tiny-bert", request(), "sha256:d", ModelOptions.DEFAULTS, events::add,
                CancellationToken.NONE);
        assertFalse(second.fromCache(), "the corrupt entry must not be used");
        for (int l = 0; l <= 2; l++) {
            assertArrayEquals(first.layer(l).toArray(), second.layer(l).toArray(), "recomputed layer " + l);
        }
        ProgressEvent note = events.stream().filter(e -> e.stage().contains("corrupt")).findFirst().orElseThrow(
                () -> new AssertionError("no progress line says the entry was corrupt: " + events));
        assertTrue(note.stage().contains("layer-1.npy") && note.stage().contains("truncated")
                && note.stage().contains("recomputing"), note.stage());
        assertEquals(note.total(), note.done(), "a finished event, so the console keeps the line");

        LayerEmbeddings third = service.embed("tiny-bert", request(), "sha256:d", ModelOptions.DEFAULTS,
                ProgressListener.NONE, CancellationToken.NONE);
        assertTrue(third.fromCache(), "the recomputed entry was stored again");
        assertEquals(1, cache.entries().size());
    }

    @Test
    void aCorruptManifestOrMissingLayerDropsOnlyThatEntry(@TempDir Path tmp) throws Exception {
        ModelArtifact tiny = TinyEncoderTest.artifact(TinyModels.writeModel(tmp.resolve("bert"), "bert",
                TinyModels.HIDDEN, 7L), "bert");
        DiskEmbeddingCache cache = Wiring.cache(tmp.resolve("cache"));
        WorkbenchEmbeddingService service = Wiring.embeddings(cache, folderSource(tiny));
        service.embed("tiny-bert", request(), "sha256:a", ModelOptions.DEFAULTS, ProgressListener.NONE,
                CancellationToken.NONE);
        service.embed("tiny-bert", request(), "sha256:b", ModelOptions.DEFAULTS, ProgressListener.NONE,
                CancellationToken.NONE);
        service.embed("tiny-bert", request(), "sha256:c", ModelOptions.DEFAULTS, ProgressListener.NONE,
                CancellationToken.NONE);
        List<String> keys = cache.entries().stream().map(e -> e.key()).toList();
        assertEquals(3, keys.size());
        Files.writeString(cache.location().resolve(keys.get(0)).resolve("manifest.json"), "{\"layers\": [0, 1",
                StandardCharsets.UTF_8);
        Files.delete(cache.location().resolve(keys.get(1)).resolve("mean.npy"));

        for (String k : keys.subList(0, 2)) {
            // the service catches this exception (a CorruptEntryException), reports it and recomputes
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> cache.get(k));
            assertTrue(e.getMessage().contains("was corrupt") && e.getMessage().contains("deleted it"), e.getMessage());
            assertFalse(Files.exists(cache.location().resolve(k)), "the corrupt entry is deleted");
        }
        assertTrue(cache.get(keys.get(2)).isPresent(), "the intact entry stays");
    }

    @Test
    void leftoversOfGoneWritersAreRemovedAndALiveWritersFolderStays(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("cache"));
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim()
                .replaceAll("[^A-Za-z0-9.]", "_");
        Process writer = new ProcessBuilder("sleep", "60").start();
        Process killed = new ProcessBuilder("sleep", "60").start();
        try {
            Path live = leftover(root, "." + KEY + ".tmp-" + writer.pid() + "@" + host + "-123");
            Path ofKilled = leftover(root, "." + KEY + ".tmp-" + killed.pid() + "@" + host + "-456");
            Path otherHost = leftover(root, "." + KEY + ".tmp-" + killed.pid() + "@another.host-789");
            Path oldUnmarked = leftover(root, "." + KEY + ".tmp-8812471023117");
            // older than DiskEmbeddingCache.STALE_AGE (1 hour)
            Files.setLastModifiedTime(oldUnmarked, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
            Path youngUnmarked = leftover(root, "." + KEY + ".tmp-2265407789");
            killed.destroyForcibly().waitFor(); // "kill -9" of a run while it wrote its entry

            assertTrue(Wiring.cache(root).get(KEY).isEmpty()); // the first use in a new process
            assertFalse(Files.exists(ofKilled), "the killed writer's folder is removed");
            assertFalse(Files.exists(oldUnmarked), "a folder older than the stale age is removed");
            assertTrue(Files.exists(live), "a running writer's folder stays");
            assertTrue(Files.exists(otherHost), "a young folder of a writer on another host stays");
            assertTrue(Files.exists(youngUnmarked), "a young folder without a writer stays");
            try (Stream<Path> files = Files.walk(live)) {
                assertEquals(3, files.count(), "nothing inside the live writer's folder was touched");
            }
        } finally {
            writer.destroyForcibly();
            killed.destroyForcibly();
        }
    }

    /** A half-written entry: 2 of the layers, no manifest. */
    private static Path leftover(Path root, String name) throws IOException {
        Path d = Files.createDirectories(root.resolve(name));
        Files.write(d.resolve("layer-0.npy"), new byte[64]);
        Files.write(d.resolve("layer-1.npy"), new byte[64]);
        return d;
    }
}
