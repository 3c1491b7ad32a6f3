package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RankingRequest;
import lmwb.api.rank.RankingResult;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

/**
 * The main job end to end inside the real runtime: a user CSV file, a real pretrained model from Maven Central
 * (all-MiniLM-L6-v2, 6 layers), the real estimators, the embedding cache and the result store.
 */
class RankTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static Path csv;

    @InjectService(timeout = 20_000)
    Ranker ranker;

    @InjectService
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = RankTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private RankingRequest request(LayerAggregation aggregation, List<String> estimators, boolean validate) {
        return new RankingRequest(csv.toString(), DatasetOptions.DEFAULTS, List.of(MODEL), estimators, EstimatorOptions.NONE,
                aggregation, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 16, "cpu", validate);
    }

    @Test
    void ranksEveryLayerAndReusesTheCache() throws Exception {
        RankingResult first = ranker.rank(request(LayerAggregation.BESTLAYER, List.of("hscore", "logme", "knn"), false),
                ProgressListener.NONE, new CancellationToken());
        assertEquals(40, first.samples());
        assertEquals(3, first.rankings().size());
        for (EstimatorRanking r : first.rankings()) {
            ModelScore m = r.models().get(0);
            assertEquals(6, m.layerScores().size(), "all-MiniLM-L6-v2 has 6 transformer layers");
            assertEquals(m.layerScores().get(m.bestLayer()), m.score(), 0.0, "bestlayer takes the best layer's score");
            assertTrue(m.layerScores().values().stream().allMatch(Double::isFinite));
        }
        assertTrue(Files.isRegularFile(first.directory().resolve("result.json")));
        assertTrue(Files.readString(first.directory().resolve("layer-scores.svg")).startsWith("<svg"));

        RankingResult second = ranker.rank(request(LayerAggregation.BESTLAYER, List.of("hscore"), false),
                ProgressListener.NONE, new CancellationToken());
        ModelScore cached = second.rankings().get(0).models().get(0);
        assertTrue(cached.fromCache(), "the second identical run must reuse the embedding cache");
        assertEquals(first.rankings().get(0).models().get(0).layerScores(), cached.layerScores(),
                "cached embeddings give identical scores");
    }

    @Test
    void rankCommandJsonHoldsModelScoreBestLayerLayerScoresAndTimings() throws Exception {
        String out = Framework.run(processor, "lmwb:rank --dataset " + csv + " --models " + MODEL + " --layers bestlayer --json");
        JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
        JsonArray ranking = doc.getAsJsonArray("ranking");
        assertEquals(1, ranking.size());
        JsonObject m = ranking.get(0).getAsJsonObject();
        for (String key : List.of("model", "score", "best_layer", "layer_scores", "embed_seconds", "score_seconds")) {
            assertTrue(m.has(key), key + " missing in " + m);
        }
        assertEquals(6, m.getAsJsonObject("layer_scores").size());
        assertTrue(doc.getAsJsonObject("provenance").getAsJsonObject("inputs").has("dataset"));
        // versions come from the bundles' headers (lmwb.djl: the pom's djl.version and pytorch.version; lmwb.blas: OpenBLAS)
        JsonObject versions = doc.getAsJsonObject("provenance").getAsJsonObject("versions");
        assertEquals("0.32.0", versions.get("djl").getAsString());
        assertTrue(versions.get("pytorch").getAsString().startsWith("2.5.1 "), versions.toString());
        assertTrue(versions.get("openblas").getAsString().startsWith("0.3.28 "), versions.toString());
        assertEquals("local", doc.getAsJsonObject("provenance").get("user").getAsString());
    }

    /**
     * {@code rank --bootstrap} through the real Gogo command, estimators and embedding cache: every estimator's
     * result holds a bootstrap of its model and of the 6 layers of its top model, the table shows it, and the
     * stored summary names both estimators (it named only the first before).
     */
    @Test
    void rankBootstrapReportsTheStabilityOfModelsAndLayers() throws Exception {
        String cmd = "lmwb:rank --dataset " + csv + " --models " + MODEL + " --estimator hscore,knn --layers bestlayer --bootstrap 10";
        JsonObject doc = JsonParser.parseString(Framework.run(processor, cmd + " --json")).getAsJsonObject();
        JsonArray estimators = doc.getAsJsonArray("estimators");
        assertEquals(2, estimators.size());
        for (JsonElement e : estimators) {
            JsonObject b = e.getAsJsonObject().getAsJsonObject("bootstrap");
            assertEquals(10, b.get("resamples").getAsInt(), b.toString());
            assertEquals(42, b.get("seed").getAsLong(), "the request's seed");
            JsonObject model = b.getAsJsonArray("models").get(0).getAsJsonObject();
            assertEquals(MODEL, model.get("name").getAsString());
            assertEquals(1.0, model.get("first_share").getAsDouble(), "one model is always first");
            assertTrue(model.get("low").getAsDouble() <= model.get("high").getAsDouble(), model.toString());
            assertEquals(MODEL, b.get("layers_of").getAsString());
            assertEquals(6, b.getAsJsonArray("layers").size(), "all-MiniLM-L6-v2 has 6 transformer layers");
            double shares = 0;
            for (JsonElement l : b.getAsJsonArray("layers")) {
                shares += l.getAsJsonObject().get("first_share").getAsDouble();
            }
            assertEquals(1.0, shares, 1e-9, "exactly one layer is first in each resample");
        }
        String summary = JsonParser.parseString(Framework.run(processor, "lmwb:results --json " + doc.get("id").getAsString()))
                .getAsJsonObject().get("summary").getAsString();
        assertTrue(summary.contains("hscore: " + MODEL) && summary.contains("knn: " + MODEL), summary);
        String table = Framework.run(processor, "lmwb:results " + doc.get("id").getAsString());
        assertTrue(table.contains("stability of hscore's ranking: 10 bootstrap resamples of the examples (seed 42):"), table);
        assertTrue(table.contains("layers of " + MODEL + " (-1 = last layer):"), table);
    }

    @Test
    void validateCorrelatesEstimatorsWithTheProbe() throws Exception {
        RankingResult r = ranker.rank(request(LayerAggregation.LAYERMEAN, List.of("hscore", "logme"), true),
                ProgressListener.NONE, new CancellationToken());
        assertFalse(r.probe().isEmpty());
        for (EstimatorRanking e : r.rankings()) {
            assertFalse(e.validation().isEmpty(), "every estimator is validated");
        }
        JsonObject doc = JsonParser.parseString(Framework.run(processor, "lmwb:results --json " + r.id())).getAsJsonObject();
        JsonElement validation = doc.getAsJsonArray("estimators").get(0).getAsJsonObject().get("validation");
        assertTrue(validation.getAsJsonArray().size() >= 2, "validation is stored with the result");
    }

    @Test
    void unknownNamesAreRefusedWithCandidates() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> ranker.rank(
                request(LayerAggregation.LAYERMEAN, List.of("no-such-estimator"), false), ProgressListener.NONE, new CancellationToken()));
        assertTrue(e.getMessage().contains("hscore"), e.getMessage());
    }
}
