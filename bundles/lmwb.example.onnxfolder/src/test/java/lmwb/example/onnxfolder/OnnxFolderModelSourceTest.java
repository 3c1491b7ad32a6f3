package lmwb.example.onnxfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.common.config.ComponentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder scan, the configuration check and name resolution, on small stand-in files (no real weights). */
class OnnxFolderModelSourceTest {
    /** SHA-256 of the three bytes "abc": the first test vector of FIPS 180-2. */
    private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path root;

    private Path model(String name, boolean withTokenizer) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve(OnnxFolderModelSource.WEIGHTS), "abc", StandardCharsets.US_ASCII);
        if (withTokenizer) {
            Files.writeString(dir.resolve(OnnxFolderModelSource.TOKENIZER), "{}", StandardCharsets.UTF_8);
        }
        return dir;
    }

    private OnnxFolderModelSource source() {
        return source(root.toString());
    }

    @Test
    void listsEveryCompleteSubFolderByName() throws IOException {
        model("zeta", true);
        model("alpha", true);
        model("incomplete", false);
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve("model.onnx"), "not in a sub-folder");
        List<ModelDescriptor> models = source().available();
        assertEquals(List.of("alpha", "zeta"), models.stream().map(ModelDescriptor::reference).toList(),
                "complete sub-folders only, sorted; the one without tokenizer.json is left out");
        ModelDescriptor alpha = models.get(0);
        assertEquals("onnx-folder", alpha.source());
        assertTrue(alpha.local());
        assertEquals(-1, alpha.layers(), "the architecture is known only once the encoder opens the graph");
    }

    @Test
    void aModelCopiedInLaterIsListedAtOnce() throws IOException {
        OnnxFolderModelSource source = source();
        assertEquals(List.of(), source.available());
        model("later", true);
        assertEquals(1, source.available().size());
    }

    @Test
    void resolvesANameToTheOnnxFilesWithTheirSha256() throws IOException {
        Path dir = model("minilm", true);
        ModelArtifact a = source().resolve("minilm", ProgressListener.NONE).orElseThrow();
        assertEquals("minilm", a.reference());
        assertEquals("onnx-folder", a.source());
        assertEquals(ModelArtifact.WeightFormat.ONNX, a.format());
        assertEquals(dir.resolve("model.onnx"), a.weights());
        assertEquals(dir.resolve("tokenizer.json"), a.tokenizer());
        assertNull(a.config(), "the encoder reads the architecture from the ONNX graph");
        assertEquals("sha256:" + SHA256_ABC, a.contentHash());
        assertEquals(a, source().resolve(" onnx-folder:minilm ", ProgressListener.NONE).orElseThrow(),
                "the source's name is accepted as a prefix");
    }

    @Test
    void unknownNamesAndPathsAreLeftToOtherSources() throws IOException {
        model("minilm", true);
        OnnxFolderModelSource source = source();
        for (String reference : List.of("bert-base-uncased", "BAAI/bge-small-en", "../" + root.getFileName() + "/minilm",
                root.resolve("minilm").toString(), "", ".", "..")) {
            assertTrue(source.resolve(reference, ProgressListener.NONE).isEmpty(), reference);
        }
        assertTrue(source.resolve(null, ProgressListener.NONE).isEmpty());
    }

    @Test
    void anIncompleteModelFolderIsAnErrorNamingTheMissingFile() throws IOException {
        model("half", false);
        IOException e = assertThrows(IOException.class, () -> source().resolve("half", ProgressListener.NONE));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
    }

    @Test
    void aMissingOrUnsetFolderIsRefusedNamingTheKey() {
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> source("  "));
        assertTrue(unset.getMessage().startsWith("folder is not set in configuration lmwb.example.onnxfolder"),
                unset.getMessage());
        String absent = root.resolve("absent").toString();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> source(absent));
        assertTrue(missing.getMessage().startsWith("folder=" + absent + " in configuration lmwb.example.onnxfolder "
                + "is not an existing folder"), missing.getMessage());
    }

    @Test
    void aTildeFolderIsUnderTheUsersHome() {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        assertEquals(home, source("~").folder());
        assertEquals(home, source("~/").folder());
    }

    /** The source built as Declarative Services builds it, through its one constructor. */
    private static OnnxFolderModelSource source(String folder) {
        return new OnnxFolderModelSource(ComponentConfig.of(OnnxFolderModelSource.Config.class, Map.of("folder", folder)));
    }
}
