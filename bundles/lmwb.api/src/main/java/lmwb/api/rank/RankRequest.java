package lmwb.api.rank;

import java.util.List;
import java.util.Map;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.EmbeddingEngine;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import lmwb.api.estimator.EstimatorOptions;

/**
 * The request of the {@code rank} capability: one component per long option of {@code lmwb rank}
 * ({@code --text-column} ↔ {@code textColumn} ↔ JSON {@code text_column}); {@code null} = not given, filled with
 * the default here.
 *
 * @param dataset dataset name or file path; default: the catalogue's default dataset
 * @param models model references; default (empty): the built-in models
 * @param estimator estimator names; default (empty): hscore, or logme for regression (with validation: every
 *     installed estimator that suits the task)
 * @param options estimator options, e.g. {@code k=5}
 * @param layers layer aggregation; default layermean
 * @param downsample a fraction (0,1] or a count (&gt;1) of examples to keep; default 1 (all)
 * @param textColumn text column
 * @param pairColumn second text column of pair tasks
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of the dataset file; default utf-8
 * @param sentencePooling words → sentence; default mean
 * @param subwordPooling sub-words → word; default mean
 * @param pairEncoding pair tasks: native (default) or join
 * @param batchSize sentences per forward pass; default 32
 * @param device cpu (default) or gpu
 * @param seed downsampling seed; default 42
 * @param out a folder to copy the result's files into (local command line only)
 * @param validate also train the cross-validated linear probe and correlate; default false
 * @param bootstrap resamples of the rank-stability bootstrap ({@code --bootstrap B}); default 0 (off)
 * @param combinations also score the concatenated embeddings of every pair (2) or triple (3) of models
 *     ({@code --combinations 2|3}); default 0 (off)
 * @param engine where the forward passes run: local (default) or spark
 * @param sparkMaster the Spark master URL (with {@code --engine spark}), e.g. {@code spark://127.0.0.1:7077}
 */
public record RankRequest(String dataset, List<String> models, List<String> estimator, Map<String, String> options,
        LayerAggregation layers, Double downsample, String textColumn, String pairColumn, String labelColumn,
        String task, String encoding, SentencePooling sentencePooling, SubwordPooling subwordPooling,
        PairEncoding pairEncoding, Integer batchSize, String device, Long seed, String out, Boolean validate,
        Integer bootstrap, Integer combinations, EmbeddingEngine engine, String sparkMaster) {
    /** The most bootstrap resamples one rank may ask for. */
    public static final int MAX_BOOTSTRAP = 10_000;

    /** A request embedded in this process, without the bootstrap and without combinations. */
    public RankRequest(String dataset, List<String> models, List<String> estimator, Map<String, String> options,
            LayerAggregation layers, Double downsample, String textColumn, String pairColumn, String labelColumn,
            String task, String encoding, SentencePooling sentencePooling, SubwordPooling subwordPooling,
            PairEncoding pairEncoding, Integer batchSize, String device, Long seed, String out, Boolean validate) {
        this(dataset, models, estimator, options, layers, downsample, textColumn, pairColumn, labelColumn, task, encoding,
                sentencePooling, subwordPooling, pairEncoding, batchSize, device, seed, out, validate, null, null, null, null);
    }

    /** Fills defaults and checks values (one line naming the option). */
    public RankRequest {
        dataset = blankToNull(dataset);
        models = models == null ? List.of() : List.copyOf(models);
        estimator = estimator == null ? List.of() : List.copyOf(estimator);
        options = options == null ? Map.of() : Map.copyOf(options);
        layers = layers == null ? LayerAggregation.LAYERMEAN : layers;
        downsample = downsample == null ? 1.0 : downsample;
        if (!(downsample > 0) || downsample.isInfinite()) {
            throw new IllegalArgumentException("--downsample must be a fraction in (0, 1] or a count above 1, got " + downsample);
        }
        textColumn = blankToNull(textColumn);
        pairColumn = blankToNull(pairColumn);
        labelColumn = blankToNull(labelColumn);
        task = blankToNull(task);
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        subwordPooling = subwordPooling == null ? SubwordPooling.MEAN : subwordPooling;
        pairEncoding = pairEncoding == null ? PairEncoding.NATIVE : pairEncoding;
        batchSize = batchSize == null ? 32 : batchSize;
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        device = device == null || device.isBlank() ? "cpu" : device;
        seed = seed == null ? 42L : seed;
        out = blankToNull(out);
        validate = validate != null && validate;
        bootstrap = bootstrap == null ? 0 : bootstrap;
        if (bootstrap < 0 || bootstrap > MAX_BOOTSTRAP) {
            throw new IllegalArgumentException("--bootstrap must be 0 (off) or a number of resamples up to " + MAX_BOOTSTRAP
                    + ", got " + bootstrap);
        }
        combinations = combinations == null ? 0 : combinations;
        if (combinations != 0 && combinations != 2 && combinations != 3) {
            throw new IllegalArgumentException("--combinations must be 2 (pairs of models) or 3 (triples), got " + combinations);
        }
        engine = engine == null ? EmbeddingEngine.LOCAL : engine;
        sparkMaster = EmbeddingEngine.sparkMaster(engine, sparkMaster);
        EmbeddingEngine.requireCpu(sparkMaster, device);
    }

    /** @return the ranker's request for this one (checks the encoding's name and the dataset options) */
    public RankingRequest toRankingRequest() {
        DatasetOptions datasetOptions = DatasetOptions.DEFAULTS.withColumns(textColumn, pairColumn, labelColumn)
                .withTaskType(task).withSeed(seed).withDownsample(downsample).withEncoding(encoding);
        return new RankingRequest(dataset, datasetOptions, models, estimator, EstimatorOptions.of(options), layers,
                subwordPooling, sentencePooling, pairEncoding, batchSize, device, validate, bootstrap, seed, combinations,
                sparkMaster);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
