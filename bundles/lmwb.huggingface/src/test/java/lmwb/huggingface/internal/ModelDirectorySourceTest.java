package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import lmwb.api.encoder.ModelArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model directory source on directories written by the test. */
class ModelDirectorySourceTest {
    @TempDir
    Path tmp;

    private final TinyModel model = new TinyModel(3);

    private ModelDirectorySource source() {
        return new ModelDirectorySource();
    }

    @Test
    void aCompleteDirectoryResolvesWithTheSha256OfItsWeights() throws IOException {
        Path dir = tmp.resolve("my-bert");
        model.writeTo(dir);
        ModelArtifact artifact = source().resolve(dir.toString(), e -> { }).orElseThrow();
        assertEquals("hf-dir", artifact.source());
        assertEquals(dir.resolve("model.safetensors"), artifact.weights());
        assertEquals(dir.resolve("tokenizer.json"), artifact.tokenizer());
        assertEquals(dir.resolve("config.json"), artifact.config());
        // Expected hash computed by MessageDigest over the bytes the test wrote.
        assertEquals("sha256:" + TinyModel.sha256(model.weights), artifact.contentHash());
        assertEquals(Optional.of(dir), ModelDirectorySource.toPath("~/my-bert",
                Environment.of(Map.of(), Map.of("user.home", tmp.toString()))));
        assertEquals(artifact.weights(), source().resolve(dir.toUri().toString(), e -> { }).orElseThrow().weights());
    }

    @Test
    void missingFilesAreNamedWithTheDirectory() throws IOException {
        Path dir = tmp.resolve("partial");
        model.writeTo(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        Files.delete(dir.resolve("config.json"));
        IOException e = assertThrows(IOException.class, () -> source().resolve(dir.toString(), ev -> { }));
        assertTrue(e.getMessage().contains("model directory " + dir + " lacks config.json, tokenizer.json"),
                e.getMessage());
    }

    @Test
    void shardedCheckpointsAreReportedAsUnsupported() throws IOException {
        Path dir = tmp.resolve("sharded");
        model.writeTo(dir);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("model-00001-of-00002.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {}}");
        IOException e = assertThrows(IOException.class, () -> source().resolve(dir.toString(), ev -> { }));
        assertTrue(e.getMessage().contains("sharded checkpoints are not supported yet"), e.getMessage());
    }

    @Test
    void pytorchOnlyDirectoriesAskForConversion() throws IOException {
        Path dir = tmp.resolve("pickled");
        model.writeTo(dir);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
        IOException e = assertThrows(IOException.class, () -> source().resolve(dir.toString(), ev -> { }));
        assertTrue(e.getMessage().contains("holds pytorch_model.bin but no model.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
    }

    @Test
    void nonDirectoriesAndOnnxExportsAreLeftToOtherSources() throws IOException {
        Path onnx = Files.createDirectories(tmp.resolve("onnx-export"));
        Files.write(onnx.resolve("model.onnx"), new byte[] {1});
        Files.write(onnx.resolve("config.json"), model.config);
        Path file = Files.write(tmp.resolve("model.onnx"), new byte[] {1});
        assertEquals(Optional.empty(), source().resolve(onnx.toString(), e -> { }));
        assertEquals(Optional.empty(), source().resolve(file.toString(), e -> { }));
        assertEquals(Optional.empty(), source().resolve(tmp.resolve("absent").toString(), e -> { }));
        assertEquals(Optional.empty(), source().resolve("BAAI/bge-small-en-v1.5", e -> { }));
    }

    @Test
    void aHubCacheModelFolderResolvesToItsMainSnapshot() throws IOException {
        String commit = "cccccccccccccccccccccccccccccccccccccccc";
        Path repo = tmp.resolve("models--org--tiny");
        model.writeTo(repo.resolve("snapshots").resolve(commit));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);
        ModelArtifact artifact = source().resolve(repo.toString(), e -> { }).orElseThrow();
        assertEquals(repo.resolve("snapshots").resolve(commit).resolve("model.safetensors"), artifact.weights());
    }
}
