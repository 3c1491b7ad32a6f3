package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lmwb.api.encoder.ModelArtifact;
import lmwb.common.config.ComponentConfig;
import lmwb.api.encoder.ModelDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub cache source on caches laid out by hand exactly as {@code huggingface_hub} writes them. */
class HubCacheSourceTest {
    private static final String MAIN = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String TAGGED = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path home;

    private final TinyModel model = new TinyModel(11);

    /** Writes the files as blobs and links them (relative links, as Python does) into the snapshot. */
    private Path cacheModel(String folder, String commit, List<String> files) throws IOException {
        Path repo = home.resolve("hub").resolve(folder);
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        Map<String, byte[]> contents = Map.of("config.json", model.config, "tokenizer.json", model.tokenizer,
                "model.safetensors", model.weights, "pytorch_model.bin", model.weights);
        for (String file : files) {
            byte[] content = contents.get(file);
            String etag = file.endsWith(".json") ? TinyModel.gitSha1(content) : TinyModel.sha256(content);
            Files.write(blobs.resolve(etag), content);
            Files.createSymbolicLink(snapshot.resolve(file), Path.of("..", "..", "blobs", etag));
        }
        return snapshot;
    }

    private void ref(String folder, String name, String commit) throws IOException {
        Path ref = home.resolve("hub").resolve(folder).resolve("refs").resolve(name);
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit);
    }

    private HubCacheSource source() {
        return new HubCacheSource(ComponentConfig.of(HubCacheSource.Config.class,
                Map.of("cacheDir", home.resolve("hub").toString())));
    }

    @Test
    void listsEveryCompleteModelOnceWithSizesFromConfigAndSafetensorsHeader() throws IOException {
        List<String> all = List.of("config.json", "tokenizer.json", "model.safetensors");
        cacheModel("models--BAAI--bge-tiny", MAIN, all);
        ref("models--BAAI--bge-tiny", "main", MAIN);
        cacheModel("models--tagged-only", TAGGED, all);
        ref("models--tagged-only", "v1.0", TAGGED);
        cacheModel("models--no-refs", MAIN, all);
        cacheModel("models--org--half", MAIN, List.of("config.json"));
        ref("models--org--half", "main", MAIN);
        cacheModel("models--org--pickled", MAIN, List.of("config.json", "tokenizer.json", "pytorch_model.bin"));
        ref("models--org--pickled", "main", MAIN);
        Files.createDirectories(home.resolve("hub/datasets--org--data/snapshots"));
        Files.createDirectories(home.resolve("hub/.locks/models--BAAI--bge-tiny"));

        List<ModelDescriptor> listed = source().available();

        // Sizes: TinyModel's config.json (2 layers, hidden 32) and its safetensors header (17408 F32 elements).
        String sizes = "bert from the Hugging Face hub cache (snapshot ";
        assertEquals(List.of(
                new ModelDescriptor("BAAI/bge-tiny", "hf-cache", sizes + "aaaaaaa)", 2, 32, 17408, true),
                new ModelDescriptor("no-refs@" + MAIN, "hf-cache", sizes + "aaaaaaa)", 2, 32, 17408, true),
                new ModelDescriptor("tagged-only@v1.0", "hf-cache", sizes + "bbbbbbb)", 2, 32, 17408, true)), listed);
    }

    @Test
    void resolvesIdsAndRevisionsToSnapshotPathsHashedByTheirBlobName() throws IOException {
        List<String> all = List.of("config.json", "tokenizer.json", "model.safetensors");
        Path main = cacheModel("models--BAAI--bge-tiny", MAIN, all);
        ref("models--BAAI--bge-tiny", "main", MAIN);
        Path tagged = cacheModel("models--BAAI--bge-tiny", TAGGED, all);
        ref("models--BAAI--bge-tiny", "v2", TAGGED);

        ModelArtifact artifact = source().resolve("BAAI/bge-tiny", e -> { }).orElseThrow();
        assertEquals(main.resolve("model.safetensors"), artifact.weights());
        assertEquals(main.resolve("tokenizer.json"), artifact.tokenizer());
        assertEquals(main.resolve("config.json"), artifact.config());
        assertEquals("sha256:" + TinyModel.sha256(model.weights), artifact.contentHash());
        assertEquals("hf-cache", artifact.source());

        assertEquals(tagged.resolve("model.safetensors"), source().resolve("BAAI/bge-tiny@v2", e -> { })
                .orElseThrow().weights());
        assertEquals(tagged.resolve("model.safetensors"), source().resolve("BAAI/bge-tiny@" + TAGGED, e -> { })
                .orElseThrow().weights());
        assertEquals(Optional.empty(), source().resolve("BAAI/bge-tiny@v3", e -> { }));
    }

    @Test
    void leavesUnknownIncompleteAndNonIdReferencesToOtherSources() throws IOException {
        cacheModel("models--org--half", MAIN, List.of("config.json"));
        ref("models--org--half", "main", MAIN);
        HubCacheSource source = source();
        assertEquals(Optional.empty(), source.resolve("org/half", e -> { }));
        assertEquals(Optional.empty(), source.resolve("org/absent", e -> { }));
        assertEquals(Optional.empty(), source.resolve("/abs/path", e -> { }));
        assertEquals(Optional.empty(), source.resolve("org/x@../../etc", e -> { }));
    }

    @Test
    void aCorruptRefIsReported() throws IOException {
        cacheModel("models--org--m", MAIN, List.of("config.json", "tokenizer.json", "model.safetensors"));
        ref("models--org--m", "main", "not-a-commit");
        IOException e = assertThrows(IOException.class, () -> source().resolve("org/m", ev -> { }));
        assertTrue(e.getMessage().contains("not a commit hash"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingCacheListsNothing() {
        assertEquals(List.of(), source().available());
    }
}
