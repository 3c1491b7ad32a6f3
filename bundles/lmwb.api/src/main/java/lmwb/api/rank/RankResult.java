package lmwb.api.rank;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * The result of {@code rank} and {@code validate}; its JSON (through {@code lmwb.common.json.Json}, with
 * {@code null}s written) is the stored document ({@code result.json}), to which the store adds {@code id},
 * {@code created}, {@code user} and {@code summary}.
 *
 * @param resultId the stored result's id
 * @param kind {@value #RANKING}, or {@value #VALIDATION} when the probe was trained
 * @param dataset what was ranked
 * @param aggregation the layer aggregation ({@code layermean}, {@code lastlayer}, {@code bestlayer})
 * @param estimator the first estimator (whose ranking is repeated in {@code ranking})
 * @param ranking the first estimator's ranking, best first
 * @param estimators every estimator's ranking, in the requested order
 * @param probeScores when validated: per model, the probe's score per layer (negative index) and of the layer
 *     mean (key 0); otherwise {@code null}
 * @param notes what users should know: truncated inputs, dropped rows, downsampling
 * @param totalSeconds wall time of the run
 * @param provenance how to reproduce it
 */
public record RankResult(String resultId, String kind, RankedDataset dataset, String aggregation, String estimator,
        List<RankedModel> ranking, List<EstimatorResult> estimators, Map<String, Map<Integer, Double>> probeScores,
        List<String> notes, double totalSeconds, Provenance provenance) implements CapabilityResult {
    /** The kind of a ranking. */
    public static final String RANKING = "ranking";
    /** The kind of a ranking validated against the linear probe. */
    public static final String VALIDATION = "validation";
    /** The plot every ranking stores beside its document. */
    public static final String PLOT = "layer-scores.svg";

    /** Freezes the lists. */
    public RankResult {
        ranking = ranking == null ? List.of() : List.copyOf(ranking);
        estimators = estimators == null ? List.of() : List.copyOf(estimators);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param name the dataset's name
     * @param hash its content hash
     * @param task its task type (display name)
     * @param samples the number of samples scored (words for token tasks)
     */
    public record RankedDataset(String name, String hash, String task, int samples) {
    }

    /**
     * One model in one estimator's ranking.
     *
     * @param rank 1 for the best
     * @param model the model reference
     * @param score its score under the aggregation ({@code NaN} when undefined)
     * @param bestLayer the best-scoring layer (−1 = last), or {@code null} when no layer got a finite score
     * @param layerScores every layer's score by negative index
     * @param layerMeanScore the layer mean's score
     * @param embedSeconds time spent embedding (0 when served from the cache)
     * @param scoreSeconds time spent scoring
     * @param fromCache whether the embeddings came from the cache
     */
    public record RankedModel(int rank, String model, double score, Integer bestLayer, Map<Integer, Double> layerScores,
            double layerMeanScore, double embedSeconds, double scoreSeconds, boolean fromCache) {
    }

    /**
     * @param estimator the estimator's name
     * @param ranking its ranking, best first
     * @param validation its agreement with the linear probe; empty when not validated
     */
    public record EstimatorResult(String estimator, List<RankedModel> ranking, List<Correlation> validation,
            Bootstrap bootstrap, List<Combination> combinations) {
        /** Freezes the lists ({@code combinations} stays {@code null} when none were asked for). */
        public EstimatorResult {
            ranking = ranking == null ? List.of() : List.copyOf(ranking);
            validation = validation == null ? List.of() : List.copyOf(validation);
            combinations = combinations == null ? null : List.copyOf(combinations);
        }

        /**
         * A result without a bootstrap and without combinations.
         *
         * @param estimator the estimator's name
         * @param ranking its ranking, best first
         * @param validation its agreement with the linear probe
         */
        public EstimatorResult(String estimator, List<RankedModel> ranking, List<Correlation> validation) {
            this(estimator, ranking, validation, null, null);
        }
    }

    /**
     * Rank stability ({@code rank --bootstrap B}): the examples resampled B times with replacement (seeded, within
     * each class for class labels), every candidate scored on the same resamples from the embeddings already
     * computed.
     *
     * @param resamples B
     * @param seed the seed of the resampling
     * @param models per model (scored as the ranking scores it: the layer mean, the last layer, or the best layer
     *     found on all examples), in ranking order
     * @param unstableModels the pairs of models whose order flips in more than 5 % of the resamples, most often first
     * @param layersOf the model whose layers were resampled too: the estimator's top model
     * @param layers per transformer layer of {@code layersOf} (name = negative index), in ranking order
     * @param unstableLayers the pairs of its layers whose order flips in more than 5 % of the resamples
     */
    public record Bootstrap(int resamples, long seed, List<Candidate> models, List<Swap> unstableModels, String layersOf,
            List<Candidate> layers, List<Swap> unstableLayers) {
        /** Freezes the lists. */
        public Bootstrap {
            models = models == null ? List.of() : List.copyOf(models);
            unstableModels = unstableModels == null ? List.of() : List.copyOf(unstableModels);
            layers = layers == null ? List.of() : List.copyOf(layers);
            unstableLayers = unstableLayers == null ? List.of() : List.copyOf(unstableLayers);
        }
    }

    /**
     * The concatenated embeddings of several models ({@code rank --combinations 2|3}), scored by one estimator.
     *
     * @param rank 1 for the best
     * @param models the models, in ranking order; each contributes its layer as the aggregation chooses it (for
     *     bestlayer, its best layer under this estimator)
     * @param score the estimator's score of the concatenation ({@code NaN} when undefined)
     * @param gain the score minus the best single model's score among them
     */
    public record Combination(int rank, List<String> models, double score, double gain) {
        /** Freezes the list. */
        public Combination {
            models = List.copyOf(models);
        }
    }

    /**
     * One candidate (a model or a layer) under the bootstrap.
     *
     * @param name the model, or the layer's negative index
     * @param score its score on all examples
     * @param mean the mean over the resamples
     * @param low the 2.5 % percentile over the resamples
     * @param high the 97.5 % percentile
     * @param firstShare the share of resamples in which it scored highest
     */
    public record Candidate(String name, double score, double mean, double low, double high, double firstShare) {
    }

    /**
     * A pair whose order is not stable.
     *
     * @param above ranked higher on all examples
     * @param below ranked lower on all examples
     * @param share the share of resamples in which {@code below} scored higher
     */
    public record Swap(String above, String below, double share) {
    }
}
