package lmwb.ranker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.rank.EstimatorRanking;
import lmwb.api.rank.ModelScore;
import lmwb.api.rank.RankResult;
import lmwb.api.rank.RankingResult;

/**
 * The typed result (and so the stored document) of a ranking: per estimator a {@code ranking} whose entries hold
 * {@code rank}, {@code model}, {@code score}, {@code best_layer} ({@code null} when no layer got a finite score),
 * {@code layer_scores} (−1 = last layer), {@code layer_mean_score}, {@code embed_seconds}, {@code score_seconds},
 * {@code from_cache}; with {@code --bootstrap}, a {@code bootstrap} object per estimator (null otherwise), with
 * {@code --combinations}, a {@code combinations} list per estimator (null otherwise); the
 * first estimator's ranking is repeated at the top level.
 */
final class RankResults {
    private RankResults() {
    }

    static RankResult of(String id, String kind, RankingResult r, Map<String, RankResult.Bootstrap> bootstraps,
            Map<String, List<RankResult.Combination>> combinations) {
        List<RankResult.EstimatorResult> estimators = new ArrayList<>();
        for (EstimatorRanking er : r.rankings()) {
            estimators.add(new RankResult.EstimatorResult(er.estimator(), ranking(er), er.validation(),
                    bootstraps.get(er.estimator()), combinations.get(er.estimator())));
        }
        RankResult.EstimatorResult first = estimators.isEmpty() ? null : estimators.get(0);
        return new RankResult(id, kind, new RankResult.RankedDataset(r.dataset(), r.datasetHash(), r.taskType(), r.samples()),
                r.aggregation().displayName(), first == null ? null : first.estimator(),
                first == null ? List.of() : first.ranking(), estimators,
                r.probe() == null || r.probe().isEmpty() ? null : r.probe(), r.notes(), r.totalSeconds(), r.provenance());
    }

    private static List<RankResult.RankedModel> ranking(EstimatorRanking er) {
        List<RankResult.RankedModel> out = new ArrayList<>();
        int rank = 1;
        for (ModelScore m : er.models()) {
            out.add(new RankResult.RankedModel(rank++, m.model(), m.score(), m.hasBestLayer() ? m.bestLayer() : null,
                    m.layerScores(), m.layerMeanScore(), m.embedSeconds(), m.scoreSeconds(), m.fromCache()));
        }
        return out;
    }
}
