package lmwb.analysis.modelvectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.ProgressListener;
import lmwb.api.Provenance;
import lmwb.api.analysis.modelvectors.DeltaRankRequest;
import lmwb.api.analysis.modelvectors.DeltaRankResult;
import lmwb.api.analysis.modelvectors.ModelVectorRequest;
import lmwb.api.analysis.modelvectors.ModelVectorResult;
import lmwb.api.analysis.modelvectors.WeightReader;
import lmwb.api.analysis.modelvectors.WeightTensor;
import lmwb.api.capability.RunContext;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LanguageModel;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelArtifact;
import lmwb.api.encoder.ModelDescriptor;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.ModelSource;
import lmwb.api.io.Npy;
import lmwb.api.results.StoredResult;
import lmwb.common.capability.StoredAnalysis;
import lmwb.common.json.Json;
import lmwb.ranker.BundleProvenanceRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service end to end on in-memory tiny models: lmwb training checkpoints (model.json naming the base and the
 * dataset, the encoder file read through the weight reader) whose deltas share a per-dataset direction.
 */
class ModelVectorAnalysesTest {
    @TempDir
    Path dir;

    private final Map<String, Map<String, WeightTensor>> files = new HashMap<>();

    private final WeightReader reader = new WeightReader() {
        @Override
        public Map<String, WeightTensor> read(ModelArtifact artifact) {
            return files.get(artifact.weights().toString());
        }

        @Override
        public Map<String, WeightTensor> readSafetensors(Path file) throws IOException {
            Map<String, WeightTensor> w = files.get(file.toString());
            if (w == null) {
                throw new IOException("no file " + file);
            }
            return w;
        }
    };

    private final ModelSource source = new ModelSource() {
        @Override
        public String name() {
            return "builtin";
        }

        @Override
        public List<ModelDescriptor> available() {
            return List.of();
        }

        @Override
        public Optional<ModelArtifact> resolve(String reference, ProgressListener progress) {
            if (!files.containsKey(reference)) {
                return Optional.empty();
            }
            return Optional.of(new ModelArtifact(reference, "builtin", ModelArtifact.WeightFormat.SAFETENSORS,
                    Path.of(reference), Path.of("tokenizer.json"), null, "sha256:" + reference));
        }
    };

    /** The embedding service's one resolution path, here over the in-memory source only. */
    private final EmbeddingService models = new EmbeddingService() {
        @Override
        public List<ModelDescriptor> models() {
            return List.of();
        }

        @Override
        public List<String> defaultModels() {
            return List.of();
        }

        @Override
        public ModelArtifact resolve(String reference, ProgressListener progress) throws IOException {
            return source.resolve(reference, progress).orElseThrow(() ->
                    new IllegalArgumentException("unknown model '" + reference + "'"));
        }

        @Override
        public LanguageModel open(String reference, ModelOptions options) {
            throw new UnsupportedOperationException("the weight analyses never open a model");
        }

        @Override
        public LayerEmbeddings embed(String reference, EmbeddingRequest request, String datasetHash,
                ModelOptions options, ProgressListener progress, CancellationToken cancel) {
            throw new UnsupportedOperationException("the weight analyses never embed");
        }
    };

    private ModelVectorAnalyses analyses() {
        return new ModelVectorAnalyses(models, reader);
    }

    private static Provenance.Builder provenance() {
        return Provenance.builder("test");
    }

    private List<String> checkpoints(String base, String... datasets) throws IOException {
        Map<String, WeightTensor> baseWeights = TinyModels.random(2, 4, 8, 1);
        files.put(base, baseWeights);
        List<String> out = new ArrayList<>();
        int seed = 0;
        for (int d = 0; d < datasets.length; d++) {
            Map<String, WeightTensor> direction = TinyModels.random(2, 4, 8, 100 + d);
            for (int s = 0; s < 3; s++) {
                Path ck = dir.resolve(datasets[d]).resolve("seed-" + s);
                Files.createDirectories(ck);
                // Seed 0 as lmwb writes model.json now (snake_case keys, lmwb.common.json) under another name for
                // the base, so only the content hash matches it; the others as earlier versions wrote it (camelCase).
                String encoder = s == 0 ? "{\"reference\":\"a-copy-of-" + base + "\",\"content_hash\":\"sha256:" + base
                        : "{\"reference\":\"" + base + "\",\"contentHash\":\"sha256:" + base;
                Files.writeString(ck.resolve("model.json"), "{\"format\":\"lmwb-multi-encoder/1\",\"dataset\":\""
                        + datasets[d] + "\",\"encoders\":[" + encoder + "\",\"weights\":\"encoder-0.safetensors\"}]}");
                files.put(ck.resolve("encoder-0.safetensors").toString(),
                        TinyModels.tuned(baseWeights, direction, 0.05, seed++));
            }
            out.add(dir.resolve(datasets[d]).toString());
        }
        return out;
    }

    @Test
    void vectorsClusterPlantedDatasetsAndStoreVectorsAndPlots() throws IOException {
        List<String> models = checkpoints("tiny", "alpha", "beta", "gamma");
        StoredAnalysis.Computed<ModelVectorResult> r = analyses().vectors(new ModelVectorRequest("tiny", models,
                List.of(), 2, "signfix", 2, 42L, null), provenance(), e -> { }, CancellationToken.NONE);
        // the stored document is the typed result's JSON (snake_case keys)
        JsonObject doc = JsonParser.parseString(Json.COMPACT.toJson(r.result())).getAsJsonObject();
        assertEquals((3 * 4 + 4 + 8 + 4) * 2, doc.get("vector_size").getAsInt());
        JsonArray table = doc.getAsJsonArray("table");
        assertEquals(7, table.size(), "four variants, full and truncated task vectors, shuffled labels");
        assertTrue(table.get(5).getAsJsonObject().get("method").getAsString().startsWith("task vector truncated"));
        JsonObject taskVector = table.get(4).getAsJsonObject();
        // each dataset's deltas share a direction 5x stronger than the per-seed noise: the cosine of full ΔW
        // separates them perfectly
        assertEquals(1.0, taskVector.get("precision").getAsDouble(), 1e-12);
        assertEquals(1.0, taskVector.get("knn").getAsDouble(), 1e-12);
        JsonArray m = doc.getAsJsonArray("models");
        assertEquals(9, m.size());
        assertEquals("alpha/seed-0", m.get(0).getAsJsonObject().get("name").getAsString());
        assertEquals("gamma", m.get(8).getAsJsonObject().get("label").getAsString());
        byte[] npy = r.files().get("vectors.npy");
        Path f = dir.resolve("v.npy");
        Files.write(f, npy);
        FloatMatrix v = Npy.readMatrix(f);
        assertEquals(9, v.rows());
        assertEquals(56, v.cols());
        assertEquals(List.of("vectors.npy", "pca.svg", "tsne.svg"), r.result().files());
        String svg = new String(r.files().get("tsne.svg"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg") && svg.contains("beta"), svg);
        // one point per model (9), drawn by lmwb.common.svg.SvgPlot
        String pca = new String(r.files().get("pca.svg"), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(9, pca.split("<circle ", -1).length - 1, pca);
    }

    @Test
    void deltaRankAveragesRanksPerFamilyAndLayer() throws IOException {
        List<String> models = checkpoints("tiny", "alpha", "beta");
        StoredAnalysis.Computed<DeltaRankResult> r = analyses().deltaRank(new DeltaRankRequest("tiny", models,
                List.of(0.5, 1.0), null), provenance(), e -> { }, CancellationToken.NONE);
        JsonObject doc = JsonParser.parseString(Json.COMPACT.toJson(r.result())).getAsJsonObject();
        JsonArray rows = doc.getAsJsonArray("rows");
        assertEquals(2 * 6, rows.size());
        // dense random deltas have full rank at τ = 1: min(out, in) = 4 for every family of this 4/8 model
        for (var e : rows) {
            JsonObject q = e.getAsJsonObject().getAsJsonArray("ranks").get(1).getAsJsonObject();
            assertEquals(4.0, q.get("mean").getAsDouble(), 0.0);
        }
        assertTrue(r.result().files().contains("deltarank-tau0.5.svg"));
        assertTrue(r.result().provenance().inputs().get("base:tiny").equals("sha256:tiny"), r.result().provenance().toString());
        // one line per matrix family (6 rows = 6 families at τ = 0.5) with the family's name in the legend
        String svg = new String(r.files().get("deltarank-tau0.5.svg"), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(6, svg.split("<polyline ", -1).length - 1, svg);
    }

    @Test
    void theCapabilitiesStoreTheTypedResultWithItsFilesAndProvenance() throws Exception {
        List<String> models = checkpoints("tiny", "alpha", "beta");
        try (TestStore testStore = new TestStore(dir.resolve("store"))) {
            capabilitiesStore(testStore.store, models);
        }
    }

    private void capabilitiesStore(lmwb.api.results.ResultStore store, List<String> models) throws Exception {
        BundleProvenanceRecorder recorder = new BundleProvenanceRecorder(null);
        DeltaRankResult r = new DeltaRankCapability(this.models, reader, store, recorder).run(
                new DeltaRankRequest("tiny", models, List.of(0.5), null),
                RunContext.local(ProgressListener.NONE, new CancellationToken()));
        StoredResult stored = store.find(r.resultId()).orElseThrow();
        assertEquals(DeltaRankResult.KIND, stored.kind());
        assertTrue(Files.isRegularFile(stored.directory().resolve("deltarank-tau0.5.svg")), "the plot is stored");
        JsonObject doc = JsonParser.parseString(store.document(r.resultId())).getAsJsonObject();
        assertEquals(r.resultId(), doc.get("result_id").getAsString());
        assertTrue(doc.has("mean_over_layers"), "snake_case keys: " + doc.keySet());
        JsonObject provenance = doc.getAsJsonObject("provenance");
        assertTrue(provenance.getAsJsonObject("versions").has("java"), "versions from the recorder: " + provenance);
        assertEquals("sha256:tiny", provenance.getAsJsonObject("inputs").get("base:tiny").getAsString());

        ModelVectorResult v = new ModelVecCapability(this.models, reader, store, recorder).run(
                new ModelVectorRequest("tiny", models, List.of(), 2, null, 2, 42L, null),
                RunContext.local(ProgressListener.NONE, new CancellationToken()));
        StoredResult vs = store.find(v.resultId()).orElseThrow();
        assertEquals(List.of("alpha/seed-0", "alpha/seed-1", "alpha/seed-2", "beta/seed-0", "beta/seed-1", "beta/seed-2"),
                vs.models(), "the result is listed with its models");
        assertEquals(6, Npy.readMatrix(vs.directory().resolve("vectors.npy")).rows());
    }

    @Test
    void refusesCheckpointsOfAnotherBaseOrShape() throws IOException {
        List<String> models = checkpoints("tiny", "alpha");
        files.put("other", TinyModels.random(2, 4, 8, 9));
        ModelVectorAnalyses a = analyses();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.deltaRank(
                new DeltaRankRequest("other", models, List.of(0.5), null), provenance(), x -> { }, CancellationToken.NONE));
        assertTrue(e.getMessage().contains("was fine-tuned from [a-copy-of-tiny], not from base 'other'"), e.getMessage());

        files.put("wide", TinyModels.random(2, 4, 16, 9));
        e = assertThrows(IllegalArgumentException.class, () -> a.deltaRank(
                new DeltaRankRequest("tiny", List.of("wide"), List.of(0.5), null), provenance(), x -> { }, CancellationToken.NONE));
        assertEquals("model 'wide': tensor encoder.layer.0.intermediate.dense.weight has shape [16, 4] but base 'tiny' "
                + "has [8, 4]: a weight delta needs the base's architecture", e.getMessage());

        Path frozen = dir.resolve("frozen").resolve("seed-1");
        Files.createDirectories(frozen);
        Files.writeString(frozen.resolve("model.json"), "{\"dataset\":\"alpha\",\"encoders\":[{\"reference\":"
                + "\"tiny\",\"contentHash\":\"sha256:tiny\",\"weights\":null}]}");
        e = assertThrows(IllegalArgumentException.class, () -> a.deltaRank(
                new DeltaRankRequest("tiny", List.of(frozen.toString()), List.of(0.5), null), provenance(), x -> { }, CancellationToken.NONE));
        assertTrue(e.getMessage().contains("kept 'tiny' frozen"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> a.vectors(new ModelVectorRequest("tiny", models,
                List.of("x", "y"), 2, "reference", 2, 1L, null), provenance(), x -> { }, CancellationToken.NONE));
        assertTrue(e.getMessage().startsWith("--labels has 2 entries but --models names 3 models"), e.getMessage());
        // the request refuses a bad value before anything is read
        e = assertThrows(IllegalArgumentException.class, () -> new ModelVectorRequest("tiny", models,
                List.of(), 2, "sideways", 2, 1L, null));
        assertEquals("unknown --variant 'sideways'; use one of reference, signfix, scaled, concat", e.getMessage());
    }
}
