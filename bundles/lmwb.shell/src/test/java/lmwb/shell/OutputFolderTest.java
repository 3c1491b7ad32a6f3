package lmwb.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --out} is checked before any work and replaced whole, on real folders. */
class OutputFolderTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileIsRefusedWithOneLineBeforeAnyWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("result.txt"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.check(file.toString(), "ranking", true, OutputFolder.resultExport("ranking")));
        assertEquals("--out " + file + " is a file, not a folder; give a folder (it is created if missing)", e.getMessage());
        assertEquals(List.of("result.txt"), names(tmp), "nothing is created beside it");
    }

    @Test
    void aForeignNonEmptyFolderNeedsForceAndIsThenReplacedWhole() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("result.json"), "{\"kind\":\"similarity\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.check(dir.toString(), "ranking", false, OutputFolder.resultExport("ranking")));
        assertEquals("--out " + dir + " is not empty and holds no earlier ranking export (it has notes.txt, result.json); "
                + "choose an empty or new folder, or add --force to replace the folder whole", e.getMessage());
        assertEquals(List.of("out"), names(tmp), "a refused check leaves no staging folder");
        try (OutputFolder out = OutputFolder.check(dir.toString(), "ranking", true, OutputFolder.resultExport("ranking"))) {
            Files.writeString(out.staging().resolve("result.json"), "{\"kind\":\"ranking\"}");
            assertTrue(out.replaces());
            out.commit();
        }
        assertEquals(List.of("result.json"), names(dir), "the old contents are gone, not mixed in");
        assertEquals(List.of("out"), names(tmp), "no staging or old folder is left");
    }

    @Test
    void anEarlierEmbedExportOfAnotherModelIsReplacedWholeWithoutForce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("emb"));
        for (int l = 7; l <= 12; l++) {
            Files.writeString(dir.resolve("layer-" + l + ".npy"), "x");
        }
        Files.writeString(dir.resolve("manifest.json"), "{\"model\":\"bge-small-en\",\"files\":[\"layer-7.npy\",\"layer-8.npy\","
                + "\"layer-9.npy\",\"layer-10.npy\",\"layer-11.npy\",\"layer-12.npy\"]}");
        try (OutputFolder out = OutputFolder.check(dir.toString(), "embed", false, OutputFolder.embedExport())) {
            Files.writeString(out.staging().resolve("layer-0.npy"), "y");
            Files.writeString(out.staging().resolve("manifest.json"), "{\"model\":\"all-minilm-l6-v2\",\"files\":[\"layer-0.npy\"]}");
            out.commit();
        }
        assertEquals(List.of("layer-0.npy", "manifest.json"), names(dir), "no bge layer is left beside MiniLM's");
        Files.writeString(dir.resolve("stray.txt"), "not listed in the manifest");
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.check(dir.toString(), "embed", false,
                OutputFolder.embedExport()), "a folder with a file the manifest does not list is not an export");
    }

    @Test
    void anUncommittedRunLeavesTheOldFolderAsItWas() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("train"));
        Files.createDirectories(dir.resolve("seed-42"));
        try (OutputFolder out = OutputFolder.check(dir.toString(), "train", false, OutputFolder.trainExport())) {
            Files.createDirectories(out.staging().resolve("seed-7"));
            // the run fails here: no commit
        }
        assertEquals(List.of("seed-42"), names(dir));
        assertEquals(List.of("train"), names(tmp));
        Path fresh = tmp.resolve("a/b/new");
        try (OutputFolder out = OutputFolder.check(fresh.toString(), "train", false, OutputFolder.trainExport())) {
            assertFalse(out.replaces());
            out.commit();
        }
        assertTrue(Files.isDirectory(fresh), "missing parents are created");
    }
}
