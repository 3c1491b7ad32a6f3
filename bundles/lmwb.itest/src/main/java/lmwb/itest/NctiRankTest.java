package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lmwb.api.CancellationToken;
import lmwb.api.Labels;
import lmwb.api.ProgressListener;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetCatalog;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.EmbeddingInput;
import lmwb.api.encoder.EmbeddingRequest;
import lmwb.api.encoder.EmbeddingService;
import lmwb.api.encoder.LayerEmbeddings;
import lmwb.api.encoder.ModelOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.CrossCandidateEstimator;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.LayerAggregation;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.Ranker;
import lmwb.api.rank.RankingRequest;
import lmwb.api.rank.RankingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 18 part 1, NCTI inside the real runtime: {@code rank --estimator ncti} ranks the four built-in models (the
 * 40-row sentiment file), and the ranker combines NCTI's raw terms over the two candidate sets it documents — the four
 * models' layer means, and every layer of every model — which the test recomputes from the NCTI service itself on the
 * same cached embeddings. A bootstrap or combinations with NCTI are refused with one line.
 */
class NctiRankTest {
    private static final List<String> MODELS = List.of("all-minilm-l6-v2", "bge-small-en-v1.5", "e5-small-v2", "bge-small-en");
    private static Path csv;

    @InjectService(timeout = 20_000)
    Ranker ranker;

    @InjectService
    DatasetCatalog catalog;

    @InjectService
    EmbeddingService embeddings;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = NctiRankTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static RankingRequest request(int bootstrap, int combinations) {
        return new RankingRequest(csv.toString(), DatasetOptions.DEFAULTS, MODELS, List.of("ncti"), EstimatorOptions.NONE,
                LayerAggregation.LAYERMEAN, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 16, "cpu", false,
                bootstrap, 42, combinations, null);
    }

    private CrossCandidateEstimator ncti() throws Exception {
        BundleContext context = Framework.context();
        for (ServiceReference<Estimator> ref : context.getServiceReferences(Estimator.class, "(" + Estimator.NAME + "=ncti)")) {
            return (CrossCandidateEstimator) context.getService(ref);
        }
        throw new AssertionError("no ncti estimator service");
    }

    @Test
    void ranksTheFourModelsWithScoresCombinedAcrossTheRankedCandidates() throws Exception {
        RankingResult result = ranker.rank(request(0, 0), ProgressListener.NONE, new CancellationToken());
        EstimatorRanking r = result.rankings().get(0);
        assertEquals("ncti", r.estimator());
        assertEquals(4, r.models().size());
        CrossCandidateEstimator ncti = ncti();
        Dataset dataset = catalog.load(csv.toString(), DatasetOptions.DEFAULTS, ProgressListener.NONE);
        Labels labels = dataset.labelsOf(dataset.allExamples());
        List<EmbeddingInput> inputs = dataset.allExamples().stream().map(e -> EmbeddingInput.of(e, dataset.taskType())).toList();
        List<Score> means = new ArrayList<>();
        List<Score> layers = new ArrayList<>();
        Map<String, Integer> layerCounts = new TreeMap<>();
        for (String model : MODELS) {
            int count = MODELS.indexOf(model) == 0 ? 6 : 12;
            List<Integer> wanted = new ArrayList<>();
            for (int l = 1; l <= count; l++) {
                wanted.add(l);
            }
            // the ranker's own request, so the embedding cache serves the matrices it scored
            LayerEmbeddings emb = embeddings.embed(model, new EmbeddingRequest(inputs, wanted, true, SubwordPooling.MEAN,
                    SentencePooling.MEAN, PairEncoding.NATIVE, 16), dataset.contentHash(), ModelOptions.DEFAULTS,
                    ProgressListener.NONE, new CancellationToken());
            means.add(ncti.score(emb.mean().orElseThrow(), labels));
            emb.layers().values().forEach(m -> layers.add(ncti.score(m, labels)));
            layerCounts.put(model, count);
        }
        double[] meanScores = ncti.combine(means);
        double[] layerScores = ncti.combine(layers);
        int offset = 0;
        for (String model : MODELS) {
            ModelScore m = r.models().stream().filter(x -> x.model().equals(model)).findFirst().orElseThrow();
            assertEquals(meanScores[MODELS.indexOf(model)], m.score(), 1e-9, model + ": layer-mean score over the four means");
            assertTrue(m.score() >= -1 && m.score() <= 2, model + " " + m.score());
            int count = layerCounts.get(model);
            for (int l = 1; l <= count; l++) {
                assertEquals(layerScores[offset + l - 1], m.layerScores().get(l - count - 1), 1e-9,
                        model + " layer " + (l - count - 1) + ": over every layer of the four models");
            }
            offset += count;
        }
        System.out.println("ncti on tiny-sentiment: " + r.models().stream().map(m -> m.model() + " " + m.score()).toList());
    }

    @Test
    void bootstrapAndCombinationsAreRefusedWithOneLine() {
        Exception b = assertThrows(IllegalArgumentException.class,
                () -> ranker.rank(request(5, 0), ProgressListener.NONE, new CancellationToken()));
        assertEquals("ncti normalises its terms across the ranked models, so it cannot score bootstrap resamples one at a time;"
                + " leave ncti out of --estimator for --bootstrap", b.getMessage());
        Exception c = assertThrows(IllegalArgumentException.class,
                () -> ranker.rank(request(0, 2), ProgressListener.NONE, new CancellationToken()));
        assertTrue(c.getMessage().endsWith("for --combinations"), c.getMessage());
    }
}
