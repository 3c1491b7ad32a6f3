package lmwb.api.rank;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's result for one estimator.
 *
 * @param model the model reference
 * @param score the model's score under the request's aggregation
 * @param bestLayer the best-scoring transformer layer, in the reference's negative indexing ({@code -1} is the
 *     last layer)
 * @param layerScores every transformer layer's score, by negative index
 * @param layerMeanScore the score of the layer-mean embeddings
 * @param embedSeconds time spent embedding (0 when served from the cache)
 * @param scoreSeconds time spent scoring every layer and the mean with this estimator
 * @param fromCache whether the embeddings came from the cache
 */
public record ModelScore(String model, double score, int bestLayer, Map<Integer, Double> layerScores, double layerMeanScore,
        double embedSeconds, double scoreSeconds, boolean fromCache) {

    /** Freezes the layer scores (sorted by layer index). */
    public ModelScore {
        layerScores = Collections.unmodifiableMap(new TreeMap<>(layerScores));
    }
}
