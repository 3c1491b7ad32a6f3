package lmwb.common.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two installs of one folder at the same moment (two jobs of a server opening a model for the first time). */
class AtomicFolderTest {
    @TempDir
    Path dir;

    /**
     * The other installer renames its complete folder into place while this one is still filling: this one keeps
     * theirs. (Linux reports the second rename as a plain FileSystemException "Directory not empty", which was
     * not caught: the second job failed.)
     */
    @Test
    void aFolderInstalledMeanwhileByAnotherIsKept() throws Exception {
        Path target = dir.resolve("model");
        AtomicFolder.install(target, tmp -> {
            Files.writeString(tmp.resolve("weights"), "mine");
            AtomicFolder.install(target, other -> Files.writeString(other.resolve("weights"), "theirs"),
                    p -> Files.isRegularFile(p.resolve("weights")));
        }, p -> Files.isRegularFile(p.resolve("weights")));
        assertEquals("theirs", Files.readString(target.resolve("weights")));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary folder left");
        }
    }
}
