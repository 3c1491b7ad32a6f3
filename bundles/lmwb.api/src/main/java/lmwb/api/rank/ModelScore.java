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
 *     last layer); {@link #NO_LAYER} when no layer got a finite score
 * @param layerScores every transformer layer's score, by negative index
 * @param layerMeanScore the score of the layer-mean embeddings
 * @param embedSeconds time spent embedding (0 when served from the cache)
 * @param scoreSeconds time spent scoring every layer and the mean with this estimator
 * @param fromCache whether the embeddings came from the cache
 */
public record ModelScore(String model, double score, int bestLayer, Map<Integer, Double> layerScores, double layerMeanScore,
        double embedSeconds, double scoreSeconds, boolean fromCache) {

    /** The {@link #bestLayer()} of a model none of whose layers got a finite score (never a layer index). */
    public static final int NO_LAYER = 0;

    /** @return whether some layer got a finite score, i.e. {@link #bestLayer()} names a layer */
    public boolean hasBestLayer() {
        return bestLayer != NO_LAYER;
    }

    /** Freezes the layer scores (sorted by layer index). */
    public ModelScore {
        layerScores = Collections.unmodifiableMap(new TreeMap<>(layerScores));
    }
}
