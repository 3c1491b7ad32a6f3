package lmwb.api.diagnostics;

import java.util.List;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * The dataset and embedding options every embedding-based diagnostic shares (each request record has the same
 * components under the same option names, and gives them back through this record).
 *
 * @param dataset dataset name (see {@code datasets}) or file path
 * @param models models whose embeddings are used; several are concatenated
 * @param layer which layer: {@code mean} (the layer mean, default), {@code best} (the layer that serves the
 *     diagnostic best), or a layer index ({@code -1} = last, {@code 1} = first)
 * @param folds folds of the out-of-fold probe; default 5
 * @param seed seed of downsampling and of the folds; default 42
 * @param downsample a fraction (0,1] or a count (&gt;1) of examples to keep; default 1 (all)
 * @param textColumn text column of a dataset file
 * @param pairColumn second text column of a pair dataset file
 * @param labelColumn label column of a dataset file
 * @param task task type override
 * @param encoding text encoding of a dataset file; default utf-8
 * @param sentencePooling words → sentence; default mean
 * @param subwordPooling sub-words → word; default mean
 * @param pairEncoding pair tasks: native (default) or join
 * @param batchSize sentences per forward pass; default 32
 * @param device cpu (default) or gpu
 */
public record DiagnosticData(String dataset, List<String> models, String layer, int folds, long seed, double downsample,
        String textColumn, String pairColumn, String labelColumn, String task, String encoding,
        SentencePooling sentencePooling, SubwordPooling subwordPooling, PairEncoding pairEncoding, int batchSize,
        String device) {
    /** The layer mean. */
    public static final String MEAN = "mean";
    /** The layer that serves the diagnostic best. */
    public static final String BEST = "best";

    /** Freezes the model list. */
    public DiagnosticData {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** @return the dataset options of these components */
    public DatasetOptions datasetOptions() {
        return DatasetOptions.DEFAULTS.withColumns(textColumn, pairColumn, labelColumn).withTaskType(task).withSeed(seed)
                .withDownsample(downsample).withEncoding(encoding);
    }

    /**
     * @param layer the {@code --layer} value (null = mean)
     * @return it checked: {@code mean}, {@code best} or a non-zero whole number
     * @throws IllegalArgumentException naming {@code --layer}
     */
    public static String checkLayer(String layer) {
        if (layer == null || layer.isBlank()) {
            return MEAN;
        }
        String l = layer.trim().toLowerCase(java.util.Locale.ROOT);
        if (l.equals(MEAN) || l.equals(BEST)) {
            return l;
        }
        try {
            int i = Integer.parseInt(l);
            if (i != 0) {
                return Integer.toString(i);
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException("--layer must be mean, best or a layer number (-1 = last, 1 = first), got '"
                + layer + "'");
    }

    /**
     * Checks the values the records share (one line naming the option).
     *
     * @param folds --folds
     * @param downsample --downsample
     * @param batchSize --batch-size
     */
    public static void check(int folds, double downsample, int batchSize) {
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be at least 2, got " + folds);
        }
        if (!(downsample > 0) || Double.isInfinite(downsample)) {
            throw new IllegalArgumentException("--downsample must be a fraction in (0, 1] or a count above 1, got " + downsample);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
    }
}
