package lmwb.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Issue 18 part 1 inside the real runtime: the estimator bundles gbc, transrate, sfda, pactran, nleep and ncti are part of
 * the default runtime, {@code lmwb:estimators} lists them, and a ranking with all six on a real model (all-MiniLM-L6-v2,
 * last layer, the 40-row sentiment file) gives a finite score for every one.
 */
class NewEstimatorsTest {
    private static final List<String> NEW = List.of("gbc", "transrate", "sfda", "pactran", "nleep", "ncti");
    private static Path csv;

    @InjectService(timeout = 20_000)
    Ranker ranker;

    @InjectService
    CommandProcessor processor;

    @BeforeAll
    static void copyData() throws Exception {
        csv = Files.createTempFile("tiny-sentiment", ".csv");
        try (InputStream in = NewEstimatorsTest.class.getClassLoader().getResourceAsStream("data/tiny-sentiment.csv")) {
            Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void estimatorsCommandListsTheNewEstimators() throws Exception {
        String json = Framework.run(processor, "lmwb:estimators --json");
        for (String name : NEW) {
            assertTrue(json.contains("\"name\":\"" + name + "\""), name + " missing from " + json);
            assertTrue(json.contains("lmwb.estimator." + name), "bundle of " + name + " missing from " + json);
        }
    }

    @Test
    void rankScoresARealModelWithEveryNewEstimator() throws Exception {
        RankingRequest request = new RankingRequest(csv.toString(), DatasetOptions.DEFAULTS, List.of("all-minilm-l6-v2"), NEW,
                EstimatorOptions.NONE, LayerAggregation.LASTLAYER, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE,
                16, "cpu", false);
        RankingResult result = ranker.rank(request, ProgressListener.NONE, new CancellationToken());
        assertEquals(NEW.size(), result.rankings().size());
        for (EstimatorRanking r : result.rankings()) {
            ModelScore m = r.models().get(0);
            assertTrue(Double.isFinite(m.score()), r.estimator() + " gave " + m.score());
            System.out.println(r.estimator() + " on all-minilm-l6-v2 (last layer, tiny-sentiment): " + m.score());
        }
    }
}
