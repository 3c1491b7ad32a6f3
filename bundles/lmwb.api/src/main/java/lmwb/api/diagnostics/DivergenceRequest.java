package lmwb.api.diagnostics;

import java.util.List;
import java.util.Locale;

/**
 * The request of {@code divergence}: label-pair Jensen–Shannon divergence of unigram distributions. No model
 * needed. {@code null} = not given.
 *
 * @param dataset dataset name or file
 * @param tokens {@code words} (default: lowercased runs of Unicode letters and digits) or {@code model} (the
 *     sub-word tokens of the model's own tokenizer, without special tokens)
 * @param models with {@code --tokens model}: the one model whose tokenizer splits the texts; default: the built-in
 *     models' first
 * @param downsample fraction or count of examples kept
 * @param seed downsampling seed; default 42
 * @param textColumn text column
 * @param pairColumn second text column (its text counts too)
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of a dataset file
 */
public record DivergenceRequest(String dataset, String tokens, List<String> models, Double downsample, Long seed,
        String textColumn, String pairColumn, String labelColumn, String task, String encoding) {
    /** Word tokens. */
    public static final String WORDS = "words";
    /** The model tokenizer's tokens. */
    public static final String MODEL = "model";

    /** Fills defaults and checks values. */
    public DivergenceRequest {
        dataset = dataset == null || dataset.isBlank() ? null : dataset;
        tokens = tokens == null || tokens.isBlank() ? WORDS : tokens.trim().toLowerCase(Locale.ROOT);
        if (!tokens.equals(WORDS) && !tokens.equals(MODEL)) {
            throw new IllegalArgumentException("--tokens must be words or model, got '" + tokens + "'");
        }
        models = models == null ? List.of() : List.copyOf(models);
        if (tokens.equals(WORDS) && !models.isEmpty()) {
            throw new IllegalArgumentException("--models names the tokenizer of --tokens model; --tokens words needs no model");
        }
        if (models.size() > 1) {
            throw new IllegalArgumentException("--tokens model splits the texts with one model's tokenizer; give one --models, got "
                    + models);
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
