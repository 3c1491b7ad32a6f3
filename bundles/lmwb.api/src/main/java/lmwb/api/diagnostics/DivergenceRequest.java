package lmwb.api.diagnostics;

import java.util.Locale;

/**
 * The request of {@code divergence}: label-pair Jensen–Shannon divergence of unigram distributions. No model
 * needed. {@code null} = not given.
 *
 * @param dataset dataset name or file
 * @param tokens {@code words} (default and, for now, the only choice: lowercased runs of Unicode letters and
 *     digits); {@code model} (a model's tokenizer) is refused until the encoder API exposes tokenizers
 * @param downsample fraction or count of examples kept
 * @param seed downsampling seed; default 42
 * @param textColumn text column
 * @param pairColumn second text column (its text counts too)
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of a dataset file
 */
public record DivergenceRequest(String dataset, String tokens, Double downsample, Long seed,
        String textColumn, String pairColumn, String labelColumn, String task, String encoding) {
    /** Word tokens. */
    public static final String WORDS = "words";

    /** Fills defaults and checks values. */
    public DivergenceRequest {
        dataset = dataset == null || dataset.isBlank() ? null : dataset;
        tokens = tokens == null || tokens.isBlank() ? WORDS : tokens.trim().toLowerCase(Locale.ROOT);
        if (tokens.equals("model")) {
            throw new IllegalArgumentException("--tokens model is not available yet (the encoder API gives no access to a "
                    + "model's tokenizer); use --tokens words");
        }
        if (!tokens.equals(WORDS)) {
            throw new IllegalArgumentException("--tokens must be words, got '" + tokens + "'");
        }
        downsample = downsample == null ? 1.0 : downsample;
        seed = seed == null ? 42L : seed;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        DiagnosticData.check(2, downsample, 1);
    }

    /** @return the dataset options of this request */
    public lmwb.api.data.DatasetOptions datasetOptions() {
        return lmwb.api.data.DatasetOptions.DEFAULTS.withColumns(textColumn, pairColumn, labelColumn).withTaskType(task)
                .withSeed(seed).withDownsample(downsample).withEncoding(encoding);
    }
}
