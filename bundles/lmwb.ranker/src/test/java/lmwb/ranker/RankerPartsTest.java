package lmwb.ranker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.TaskType;
import lmwb.api.estimator.CrossCandidateEstimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.rank.Correlation;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.ModelScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankerPartsTest {
    @TempDir
    Path home;

    /**
     * x = 1..5, y = (2, 1, 4, 3, 5). Hand-computed: Pearson = Spearman = 0.8 (ranks equal values, Σd² = 4,
     * 1 − 6·4/(5·24)); Kendall: 8 concordant, 2 discordant pairs of 10 → τ = 0.6.
     */
    @Test
    void correlationsMatchHandComputedValues() {
        Correlation c = Correlations.of("t", new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
        assertEquals(0.8, c.pearson(), 1e-12);
        assertEquals(0.8, c.spearman(), 1e-12);
        assertEquals(0.6, c.kendall(), 1e-12);
        assertTrue(Double.isNaN(Correlations.of("t", new double[] {1, 1}, new double[] {1, 2}).pearson()),
                "a constant vector has no correlation");
    }

    @Test
    void validationCorrelatesModelsAndLayers() {
        ModelScore a = new ModelScore("a", 3, -1, Map.of(-2, 1.0, -1, 3.0), 2.0, 0, 0, false);
        ModelScore b = new ModelScore("b", 1, -2, Map.of(-2, 2.0, -1, 1.0), 1.0, 0, 0, false);
        Map<String, Map<Integer, Double>> probe = Map.of(
                "a", Map.of(-2, 0.5, -1, 0.9, 0, 0.8),
                "b", Map.of(-2, 0.7, -1, 0.6, 0, 0.6));
        List<Correlation> v = DefaultRanker.validate(List.of(a, b), probe, LayerAggregation.LASTLAYER);
        assertEquals(1.0, v.get(0).pearson(), 1e-12, "a beats b for the estimator and for the probe");
        assertEquals(4, v.get(1).n());
        assertEquals(1.0, v.get(2).spearman(), 1e-12);
        assertEquals(1.0, v.get(3).spearman(), 1e-12);
    }

    @Test
    void plotIsWellFormedSvgWithOneLinePerModel() throws Exception {
        ModelScore a = new ModelScore("model-a", 3, -1, Map.of(-3, 1.0, -2, 2.0, -1, 3.0), 2.0, 0, 0, false);
        ModelScore b = new ModelScore("model<b>", 1, -2, Map.of(-2, 2.0, -1, 1.0), 1.0, 0, 0, false);
        String svg = LayerScoresPlot.svg("data", List.of(new EstimatorRanking("hscore", List.of(a, b), List.of())));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertEquals(5, doc.getElementsByTagName("circle").getLength());
    }

    /**
     * A cross-candidate estimator whose raw value is the candidate's own number and whose combination is the rank of
     * that number within the set (0 = lowest): the final scores show which candidates were combined together.
     */
    private static final CrossCandidateEstimator RANK_IN_SET = new CrossCandidateEstimator() {
        @Override
        public String name() {
            return "rank-in-set";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public java.util.Set<TaskType> supportedTasks() {
            return java.util.EnumSet.of(TaskType.TEXT_CLASSIFICATION);
        }

        @Override
        public Score score(FloatMatrix embeddings, Labels labels, EstimatorOptions options, CancellationToken cancel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double[] combine(List<Score> raw) {
            return raw.stream().mapToDouble(s -> raw.stream().filter(o -> o.value() < s.value()).count()).toArray();
        }
    };

    /**
     * Model a has layers −2, −1 with raw 10, 40 and mean 5; model b layers −2, −1 with 20, 30 and mean 50. Layers form
     * one set ({10, 40, 20, 30} → ranks 0, 3, 1, 2), the means another ({5, 50} → 0, 1); the best layer and the model
     * score are taken from the combined values.
     */
    @Test
    void crossCandidateScoresAreCombinedOverAllLayersAndOverTheLayerMeans() {
        List<ModelScore> models = List.of(new ModelScore("a", 5, -1, Map.of(-2, 10.0, -1, 40.0), 5, 0, 0, true),
                new ModelScore("b", 50, -1, Map.of(-2, 20.0, -1, 30.0), 50, 0, 0, true));
        Map<String, Map<Integer, Score>> raw = Map.of(
                "a", new java.util.TreeMap<>(Map.of(-2, Score.of("x", 10), -1, Score.of("x", 40), DefaultRanker.MEAN, Score.of("x", 5))),
                "b", new java.util.TreeMap<>(Map.of(-2, Score.of("x", 20), -1, Score.of("x", 30), DefaultRanker.MEAN, Score.of("x", 50))));
        List<ModelScore> mean = DefaultRanker.acrossCandidates(RANK_IN_SET, models, raw, LayerAggregation.LAYERMEAN);
        assertEquals(Map.of(-2, 0.0, -1, 3.0), mean.get(0).layerScores());
        assertEquals(Map.of(-2, 1.0, -1, 2.0), mean.get(1).layerScores());
        assertEquals(0.0, mean.get(0).score());
        assertEquals(1.0, mean.get(1).score());
        assertEquals(-1, mean.get(0).bestLayer());
        List<ModelScore> best = DefaultRanker.acrossCandidates(RANK_IN_SET, models, raw, LayerAggregation.BESTLAYER);
        assertEquals(3.0, best.get(0).score());
        assertEquals(2.0, best.get(1).score());
        assertEquals(0.0, best.get(0).layerMeanScore());
    }
}
