package lmwb.encoders.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelOptions;
import lmwb.encoders.forward.TinyEncoderTest;
import lmwb.encoders.weights.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 15: a model folder whose config.json has {@code num_hidden_layers: 0} is refused with a
 * message naming the file and the key (it was an internal NullPointerException), and weights with a NaN
 * produce an error naming the model and the first layer with non-finite values instead of NaN vectors
 * that were cached.
 */
class BrokenModelTest {

    @Test
    void zeroLayersIsRefusedNamingTheFileAndTheKey(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 7L);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"num_hidden_layers\":2", "\"num_hidden_layers\":0"));
        assertTrue(Files.readString(config).contains("\"num_hidden_layers\":0"), "fixture edited");
        WorkbenchEmbeddingService service = Wiring.embeddings(Wiring.cache(tmp.resolve("cache")), EmbeddingCacheRecoveryTest.folderSource(TinyEncoderTest.artifact(dir, "bert")));
        IOException e = assertThrows(IOException.class, () -> service.open("tiny-bert", ModelOptions.DEFAULTS));
        assertEquals(config + ": \"num_hidden_layers\" is 0; it must be a whole number of at least 1. Fix the value"
                + " or use the model's original config.json", e.getMessage());

        Files.writeString(config, Files.readString(config).replace("\"num_hidden_layers\":0", "\"num_hidden_layers\":\"two\""));
        e = assertThrows(IOException.class, () -> service.open("tiny-bert", ModelOptions.DEFAULTS));
        assertTrue(e.getMessage().startsWith(config + ": \"num_hidden_layers\" is \"two\""), e.getMessage());
    }

    @Test
    void nanWeightsFailNamingTheModelAndLayerAndNothingIsCached(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 7L);
        // one NaN in the feed-forward output of the second transformer layer (Hugging Face index 1): hidden
        // states 0 (embeddings) and 1 stay finite, hidden state 2 is the first to hold NaN
        Map<String, float[][]> w = TinyModels.weights("bert", TinyModels.HIDDEN, 7L);
        w.get("bert.encoder.layer.1.output.dense.weight")[3][5] = Float.NaN;
        TinyModels.writeSafetensors(dir.resolve("model.safetensors"), w, "F32", true);
        ModelArtifact nan = new ModelArtifact("tiny-nan", "test", ModelArtifact.WeightFormat.SAFETENSORS,
                dir.resolve("model.safetensors"), dir.resolve("tokenizer.json"), dir.resolve("config.json"),
                "sha256:tiny-nan");
        DiskEmbeddingCache cache = Wiring.cache(tmp.resolve("cache"));
        WorkbenchEmbeddingService service = Wiring.embeddings(cache, EmbeddingCacheRecoveryTest.folderSource(nan));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.embed("tiny-nan",
                EmbeddingCacheRecoveryTest.request(), "sha256:d", ModelOptions.DEFAULTS, ProgressListener.NONE,
                CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("model 'tiny-nan' produced NaN in layer 2 (row 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was cached"), e.getMessage());
        assertEquals(List.of(), cache.entries());
        if (Files.isDirectory(cache.location())) {
            try (Stream<Path> left = Files.list(cache.location())) {
                assertEquals(List.of(), left.toList(), "no entry and no temporary folder");
            }
        }
    }

    @Test
    void finiteEmbeddingsPassTheCheck(@TempDir Path tmp) throws Exception {
        Path dir = TinyModels.writeModel(tmp.resolve("bert"), "bert", TinyModels.HIDDEN, 7L);
        DiskEmbeddingCache cache = Wiring.cache(tmp.resolve("cache"));
        WorkbenchEmbeddingService service = Wiring.embeddings(cache, EmbeddingCacheRecoveryTest.folderSource(TinyEncoderTest.artifact(dir, "bert")));
        service.embed("tiny-bert", EmbeddingCacheRecoveryTest.request(), "sha256:d", ModelOptions.DEFAULTS,
                ProgressListener.NONE, CancellationToken.NONE);
        assertEquals(1, cache.entries().size());
        assertTrue(Files.readString(cache.location().resolve(cache.entries().get(0).key()).resolve("manifest.json"),
                StandardCharsets.UTF_8).contains("tiny-bert"));
    }
}
