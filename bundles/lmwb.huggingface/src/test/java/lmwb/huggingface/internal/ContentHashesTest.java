package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashes and the safetensors header, against values from other tools. */
class ContentHashesTest {
    @TempDir
    Path tmp;

    @Test
    void hashesMatchGitAndSha256sum() throws IOException {
        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello world\n");
        // `printf 'hello world\n' | git hash-object --stdin` and `| sha256sum`
        assertEquals("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", ContentHashes.gitBlobSha1(file));
        assertEquals("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", ContentHashes.sha256(file));
        // `git hash-object` of an empty file
        assertEquals("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
                ContentHashes.gitBlobSha1(Files.write(tmp.resolve("empty"), new byte[0])));
    }

    @Test
    void weightsHashComesFromTheBlobLinkOrTheContent() throws IOException {
        String name = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
        Path blob = Files.writeString(Files.createDirectories(tmp.resolve("blobs")).resolve(name), "hello world\n");
        Path link = Files.createSymbolicLink(tmp.resolve("model.safetensors"), Path.of("blobs", name));
        assertEquals(name, new ContentHashes().weightsSha256(link));
        assertEquals(name, new ContentHashes().weightsSha256(blob));
    }

    @Test
    void safetensorsParametersCountFloatTensorsOnly() throws IOException {
        Path file = Files.write(tmp.resolve("model.safetensors"), new TinyModel(1).weights);
        assertEquals(TinyModel.PARAMETERS, ModelSummary.safetensorsParameters(file));
    }

    @Test
    void aTruncatedSafetensorsFileIsRejected() throws IOException {
        byte[] weights = new TinyModel(1).weights;
        Path file = Files.write(tmp.resolve("cut.safetensors"), java.util.Arrays.copyOf(weights, 40));
        IOException e = assertThrows(IOException.class, () -> ModelSummary.safetensorsParameters(file));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not a safetensors file at all");
        assertThrows(IOException.class, () -> ModelSummary.safetensorsParameters(junk));
        // Cut inside the data, after a complete header: the one safetensors parser (lmwb.common) checks every
        // tensor's end against the file, as the encoder's reader always did; the listing no longer counts it.
        Path cutData = Files.write(tmp.resolve("cut-data.safetensors"), java.util.Arrays.copyOf(weights, weights.length - 4));
        IOException data = assertThrows(IOException.class, () -> ModelSummary.safetensorsParameters(cutData));
        assertTrue(data.getMessage().contains("is truncated"), data.getMessage());
    }
}
