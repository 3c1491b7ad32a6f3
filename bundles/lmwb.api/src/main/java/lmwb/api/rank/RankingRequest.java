package lmwb.api.rank;

import java.util.List;
import java.util.Objects;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.EstimatorOptions;

/**
 * What to rank.
 *
 * @param dataset a dataset name or path; {@code null} for the catalogue's default dataset
 * @param datasetOptions columns, task override, downsampling, seed
 * @param models model references; empty for the built-in default models
 * @param estimators estimator names; empty for the default that suits the task (H-score for classification,
 *     LogME for regression)
 * @param estimatorOptions options passed to every estimator
 * @param aggregation how layers become a model score
 * @param subwordPooling sub-words → words
 * @param sentencePooling words → sentence (ignored for token tasks)
 * @param pairEncoding how pair tasks are encoded
 * @param batchSize sentences per forward pass
 * @param device {@code cpu} or {@code gpu}
 * @param validate whether to also train the cross-validated linear probe on every (model, layer) and
 *     correlate estimator scores with probe scores
 * @param bootstrap resamples of the rank-stability bootstrap (0: none)
 * @param bootstrapSeed the seed of the resampling
 * @param combinations also score the concatenation of every pair (2) or triple (3) of models (0: none)
 * @param sparkMaster embed on this Spark master instead of in this process, or {@code null} (since 2.1)
 */
public record RankingRequest(String dataset, DatasetOptions datasetOptions, List<String> models, List<String> estimators,
        EstimatorOptions estimatorOptions, LayerAggregation aggregation, SubwordPooling subwordPooling,
        SentencePooling sentencePooling, PairEncoding pairEncoding, int batchSize, String device, boolean validate,
        int bootstrap, long bootstrapSeed, int combinations, String sparkMaster) {

    /** Validates and freezes the request. */
    public RankingRequest {
        Objects.requireNonNull(datasetOptions, "datasetOptions");
        models = List.copyOf(models);
        estimators = List.copyOf(estimators);
        Objects.requireNonNull(estimatorOptions, "estimatorOptions");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(subwordPooling, "subwordPooling");
        Objects.requireNonNull(sentencePooling, "sentencePooling");
        Objects.requireNonNull(pairEncoding, "pairEncoding");
        Objects.requireNonNull(device, "device");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 0, got " + bootstrap);
        }
        if (combinations != 0 && combinations != 2 && combinations != 3) {
            throw new IllegalArgumentException("combinations must be 0, 2 or 3, got " + combinations);
        }
    }

    /**
     * A request without the bootstrap and without combinations.
     *
     * @param dataset a dataset name or path
     * @param datasetOptions columns, task override, downsampling, seed
     * @param models model references
     * @param estimators estimator names
     * @param estimatorOptions options passed to every estimator
     * @param aggregation how layers become a model score
     * @param subwordPooling sub-words → words
     * @param sentencePooling words → sentence
     * @param pairEncoding how pair tasks are encoded
     * @param batchSize sentences per forward pass
     * @param device {@code cpu} or {@code gpu}
     * @param validate whether to also train the linear probe
     */
    public RankingRequest(String dataset, DatasetOptions datasetOptions, List<String> models, List<String> estimators,
            EstimatorOptions estimatorOptions, LayerAggregation aggregation, SubwordPooling subwordPooling,
            SentencePooling sentencePooling, PairEncoding pairEncoding, int batchSize, String device, boolean validate) {
        this(dataset, datasetOptions, models, estimators, estimatorOptions, aggregation, subwordPooling, sentencePooling,
                pairEncoding, batchSize, device, validate, 0, 0L, 0, null);
    }

    /** @return the defaults: default dataset and models, task-suited estimator, layer mean, mean pooling */
    public static RankingRequest defaults() {
        return new RankingRequest(null, DatasetOptions.DEFAULTS, List.of(), List.of(), EstimatorOptions.NONE,
                LayerAggregation.LAYERMEAN, SubwordPooling.MEAN, SentencePooling.MEAN, PairEncoding.NATIVE, 32, "cpu", false);
    }
}
