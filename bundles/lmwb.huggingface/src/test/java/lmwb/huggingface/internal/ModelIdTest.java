package lmwb.huggingface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Model id parsing follows huggingface_hub's validate_repo_id and cache folder naming. */
class ModelIdTest {
    @Test
    void parsesIdsAndRevisions() {
        assertEquals(Optional.of(new ModelId("bert-base-uncased", null)), ModelId.parse("bert-base-uncased"));
        assertEquals(Optional.of(new ModelId("BAAI/bge-small-en-v1.5", null)), ModelId.parse(" BAAI/bge-small-en-v1.5 "));
        assertEquals(Optional.of(new ModelId("org/m", "refs/pr/1")), ModelId.parse("org/m@refs/pr/1"));
        assertEquals("models--BAAI--bge-small-en-v1.5", ModelId.parse("BAAI/bge-small-en-v1.5").orElseThrow().folderName());
        assertEquals("main", ModelId.parse("x").orElseThrow().revisionOrDefault());
    }

    @Test
    void rejectsPathsUrlsAndInvalidIds() {
        for (String bad : new String[] {"", "/abs/bert", "./bert", "../bert", "~/bert", "a/b/c", "a--b", "a..b",
                "-bad", "org/", "https://host/x", "C:\\models", "x@", "x@../y", "x@a/"}) {
            assertEquals(Optional.empty(), ModelId.parse(bad), bad);
        }
    }

    @Test
    void readsCacheFolderNames() {
        assertEquals(Optional.of(new ModelId("BAAI/bge-small-en-v1.5", null)),
                ModelId.fromFolderName("models--BAAI--bge-small-en-v1.5"));
        assertEquals(Optional.of(new ModelId("gpt2", null)), ModelId.fromFolderName("models--gpt2"));
        assertEquals(Optional.empty(), ModelId.fromFolderName("datasets--org--data"));
        assertEquals(Optional.empty(), ModelId.fromFolderName(".locks"));
    }
}
