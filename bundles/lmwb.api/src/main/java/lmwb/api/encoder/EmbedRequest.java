package lmwb.api.encoder;

import java.util.List;

/**
 * The request of the {@code embed} capability (export a dataset's embeddings as {@code .npy} files): one component
 * per long option of {@code lmwb embed}.
 *
 * @param model model reference (required)
 * @param dataset dataset name or file (required)
 * @param layers {@code all} (default), layer numbers such as {@code -1}, {@code 0} and/or {@code mean}
 * @param out a folder to copy the export into (local command line only); the export is kept in the result store
 * @param sentencePooling words → sentence; default mean (token tasks always pool per word)
 * @param subwordPooling sub-words → word; default mean
 * @param pairEncoding pair tasks: native (default) or join
 * @param batchSize sentences per forward pass; default 32
 * @param downsample a fraction (0,1] or a count (&gt;1) of examples; default all
 * @param seed downsampling seed; default 42
 * @param encoding the dataset file's text encoding; default utf-8
 * @param device cpu (default) or gpu
 * @param engine where the forward passes run: local (default) or spark
 * @param sparkMaster the Spark master URL (with {@code --engine spark}), e.g. {@code spark://127.0.0.1:7077}
 */
public record EmbedRequest(String model, String dataset, List<String> layers, String out, SentencePooling sentencePooling,
        SubwordPooling subwordPooling, PairEncoding pairEncoding, Integer batchSize, Double downsample, Long seed,
        String encoding, String device, EmbeddingEngine engine, String sparkMaster) {

    /** A request embedded in this process (as before {@code --engine}). */
    public EmbedRequest(String model, String dataset, List<String> layers, String out, SentencePooling sentencePooling,
            SubwordPooling subwordPooling, PairEncoding pairEncoding, Integer batchSize, Double downsample, Long seed,
            String encoding, String device) {
        this(model, dataset, layers, out, sentencePooling, subwordPooling, pairEncoding, batchSize, downsample, seed,
                encoding, device, null, null);
    }

    /** Fills defaults and checks values. */
    public EmbedRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("--model is required, e.g. --model all-minilm-l6-v2 (see 'lmwb models')");
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is required, e.g. --dataset acceptability (see 'lmwb datasets')");
        }
        layers = layers == null || layers.isEmpty() ? List.of("all") : List.copyOf(layers);
        for (String l : layers) {
            String p = l.trim();
            if (!p.equalsIgnoreCase("all") && !p.equalsIgnoreCase("mean") && !p.matches("-?\\d+")) {
                throw new IllegalArgumentException("--layers: '" + l + "' is not a layer number; use all, mean or a comma "
                        + "list of numbers such as -1,-2");
            }
        }
        out = out == null || out.isBlank() ? null : out;
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        subwordPooling = subwordPooling == null ? SubwordPooling.MEAN : subwordPooling;
        pairEncoding = pairEncoding == null ? PairEncoding.NATIVE : pairEncoding;
        batchSize = batchSize == null ? 32 : batchSize;
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        downsample = downsample == null ? 1.0 : downsample;
        if (!(downsample > 0) || downsample.isInfinite()) {
            throw new IllegalArgumentException("--downsample must be a fraction in (0, 1] or a count above 1, got " + downsample);
        }
        seed = seed == null ? 42L : seed;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        device = device == null || device.isBlank() ? "cpu" : device;
        engine = engine == null ? EmbeddingEngine.LOCAL : engine;
        sparkMaster = EmbeddingEngine.sparkMaster(engine, sparkMaster);
        EmbeddingEngine.requireCpu(sparkMaster, device);
    }
}
