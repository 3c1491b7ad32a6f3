package lmwb.encoders.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelSource;
import lmwb.encoders.builtin.BuiltinModelSource;
import lmwb.encoders.builtin.BuiltinTestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order the embedding service asks model sources in: by service ranking, higher first, whatever order
 * Declarative Services binds them in (a plug-in deployed later is bound last), and nothing else: a source's
 * name gives it no place.
 */
class ModelSourceOrderTest {

    /** A source that claims every reference, like the Hugging Face hub download does for any plain name. */
    private record ClaimsEverything(String name) implements ModelSource {
        @Override
        public List<ModelDescriptor> available() {
            return List.of(new ModelDescriptor(name + "-model", name, "stand-in", -1, -1, -1L, true));
        }

        @Override
        public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) throws IOException {
            return Optional.of(new ModelArtifact(reference, name, ModelArtifact.WeightFormat.ONNX, Path.of("model.onnx"),
                    Path.of("tokenizer.json"), null, "sha256:" + name));
        }
    }

    private static Map<String, Object> ranking(int r) {
        return Map.of("service.ranking", r);
    }

    @Test
    void aLaterBoundSourceWithAHigherRankingIsAskedFirst(@TempDir Path tmp) throws IOException {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(Wiring.cache(tmp));
        service.addSource(new ClaimsEverything("hf-hub"), ranking(100));
        service.addSource(new ClaimsEverything("hf-dir"), ranking(300));
        service.addSource(new ClaimsEverything("no-ranking"), Map.of());
        service.addSource(new ClaimsEverything("plugin"), ranking(400));
        assertEquals("plugin", service.resolve("some-name", ProgressListener.NONE).source());
        assertEquals(List.of("plugin", "hf-dir", "hf-hub", "no-ranking"),
                service.models().stream().map(ModelDescriptor::source).toList());

        // bound as DS binds it, with the ranking its component declares: above every source lmwb ships
        service.addSource(BuiltinTestModels.source("", tmp.resolve("models")),
                ranking(BuiltinModelSource.RANKING));
        assertEquals("builtin", service.models().get(0).source(), "the built-in source is asked first");
    }

    /** Before the one ordering by ranking, a source named "builtin" was put first whatever its ranking. */
    @Test
    void theNameBuiltinBuysNoPlace(@TempDir Path tmp) throws IOException {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(Wiring.cache(tmp));
        service.addSource(new ClaimsEverything("plugin"), ranking(BuiltinModelSource.RANKING + 100));
        service.addSource(new ClaimsEverything(BuiltinModelSource.NAME), ranking(BuiltinModelSource.RANKING));
        service.addSource(new ClaimsEverything("low"), ranking(0));
        assertEquals("plugin", service.resolve("e5-small-v2", ProgressListener.NONE).source(),
                "a plug-in ranked above the built-in source shadows its names");
        assertEquals(List.of("plugin", BuiltinModelSource.NAME, "low"),
                service.models().stream().map(ModelDescriptor::source).toList());
    }

    @Test
    void equalRankingsKeepTheOrderTheyCameIn(@TempDir Path tmp) throws IOException {
        WorkbenchEmbeddingService service = new WorkbenchEmbeddingService(Wiring.cache(tmp));
        ModelSource first = new ClaimsEverything("first");
        service.addSource(first, ranking(200));
        service.addSource(new ClaimsEverything("second"), ranking(200));
        assertEquals("first", service.resolve("x", ProgressListener.NONE).source());
        service.removeSource(first);
        assertEquals("second", service.resolve("x", ProgressListener.NONE).source());
    }
}
