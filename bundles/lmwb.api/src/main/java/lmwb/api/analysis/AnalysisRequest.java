package lmwb.api.analysis;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/**
 * What to analyse: models, a dataset, how many samples, how to extract activations, and the analysis'
 * own options.
 *
 * @param models model references (one or more; similarity with several gives cross-model matrices)
 * @param dataset dataset name or file path
 * @param datasetOptions how to read the dataset
 * @param samples the sample budget: sentences for sentence tasks, word tokens for token tasks (whole
 *     sentences are drawn with the seed until the budget is reached)
 * @param pooling sentence vectors for sentence tasks: {@link SentencePooling#CLS} (as the paper) or
 *     {@link SentencePooling#MEAN}; token tasks always use one vector per word
 * @param float16 store activations as IEEE half floats to halve memory
 * @param device {@code cpu} or {@code gpu}
 * @param seed seed for sampling, splitting and probe training
 * @param options the analysis' own options, documented on {@link RedundancyAnalysis}
 */
public record AnalysisRequest(List<String> models, String dataset, DatasetOptions datasetOptions, int samples,
        SentencePooling pooling, boolean float16, String device, long seed, Map<String, String> options) {

    /** Validates and freezes the request. */
    public AnalysisRequest {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("give at least one model (--model M[,M2])");
        }
        Objects.requireNonNull(dataset, "dataset");
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is required");
        }
        Objects.requireNonNull(datasetOptions, "datasetOptions");
        Objects.requireNonNull(pooling, "pooling");
        if (samples < 10) {
            throw new IllegalArgumentException("samples must be >= 10, got " + samples);
        }
        Objects.requireNonNull(device, "device");
        options = Map.copyOf(options);
    }
}
