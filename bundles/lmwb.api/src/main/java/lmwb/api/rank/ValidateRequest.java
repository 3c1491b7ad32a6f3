package lmwb.api.rank;

import java.util.List;
import lmwb.api.encoder.EmbeddingEngine;

/**
 * The request of the {@code validate} capability: a ranking that also trains the cross-validated linear probe on
 * every (model, layer) and correlates each estimator with it. Components as {@link RankRequest}'s of the same
 * name; poolings are the defaults and the device is the CPU.
 *
 * @param dataset dataset name or file path
 * @param models model references; default: the built-in models
 * @param estimator estimator names; default: every installed estimator that suits the task
 * @param layers layer aggregation; default layermean
 * @param downsample a fraction (0,1] or a count (&gt;1) of examples; default all
 * @param textColumn text column
 * @param pairColumn second text column
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of the dataset file; default utf-8
 * @param batchSize sentences per forward pass; default 32
 * @param seed downsampling seed; default 42
 * @param out a folder to copy the result's files into
 * @param engine where the forward passes run: local (default) or spark
 * @param sparkMaster the Spark master URL (with {@code --engine spark}), e.g. {@code spark://127.0.0.1:7077}
 */
public record ValidateRequest(String dataset, List<String> models, List<String> estimator, LayerAggregation layers,
        Double downsample, String textColumn, String pairColumn, String labelColumn, String task, String encoding,
        Integer batchSize, Long seed, String out, EmbeddingEngine engine, String sparkMaster) {

    /** A request embedded in this process (as before {@code --engine}). */
    public ValidateRequest(String dataset, List<String> models, List<String> estimator, LayerAggregation layers,
            Double downsample, String textColumn, String pairColumn, String labelColumn, String task, String encoding,
            Integer batchSize, Long seed, String out) {
        this(dataset, models, estimator, layers, downsample, textColumn, pairColumn, labelColumn, task, encoding,
                batchSize, seed, out, null, null);
    }

    /** Checks the values by building the equivalent {@link RankRequest}. */
    public ValidateRequest {
        new RankRequest(dataset, models, estimator, null, layers, downsample, textColumn, pairColumn, labelColumn, task,
                encoding, null, null, null, batchSize, null, seed, out, true, null, null, engine, sparkMaster);
    }

    /** @return the same work as a {@code rank --validate} request */
    public RankRequest toRankRequest() {
        return new RankRequest(dataset, models, estimator, null, layers, downsample, textColumn, pairColumn, labelColumn,
                task, encoding, null, null, null, batchSize, null, seed, out, true, null, null, engine, sparkMaster);
    }
}
