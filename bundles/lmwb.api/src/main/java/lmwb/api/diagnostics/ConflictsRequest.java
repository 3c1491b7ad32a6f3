package lmwb.api.diagnostics;

import java.util.List;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * The request of {@code conflicts}: exact and near duplicates with different labels, within a dataset or across
 * two that share a label space ({@code --against}). {@code null} = not given.
 *
 * @param dataset dataset name or file
 * @param against a second dataset (name or file) with the same label names; default: none (within the dataset)
 * @param models models for the near-duplicate search; default: the built-in models' first; several are
 *     concatenated
 * @param layer mean (default) or a layer number
 * @param threshold cosine similarity at or above which two texts are near duplicates; default 0.95
 * @param exactOnly only exact duplicates (no model, no embeddings); default false
 * @param seed downsampling seed; default 42
 * @param downsample fraction or count of examples kept (of each dataset)
 * @param textColumn text column
 * @param pairColumn second text column
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of dataset files
 * @param sentencePooling words → sentence
 * @param subwordPooling sub-words → word
 * @param pairEncoding native or join
 * @param batchSize sentences per forward pass
 * @param device cpu or gpu
 */
public record ConflictsRequest(String dataset, String against, List<String> models, String layer, Double threshold,
        Boolean exactOnly, Long seed, Double downsample, String textColumn, String pairColumn, String labelColumn,
        String task, String encoding, SentencePooling sentencePooling, SubwordPooling subwordPooling,
        PairEncoding pairEncoding, Integer batchSize, String device) {

    /** Fills defaults and checks values. */
    public ConflictsRequest {
        dataset = dataset == null || dataset.isBlank() ? null : dataset;
        against = against == null || against.isBlank() ? null : against;
        models = models == null ? List.of() : List.copyOf(models);
        layer = DiagnosticData.checkLayer(layer);
        if (layer.equals(DiagnosticData.BEST)) {
            throw new IllegalArgumentException("--layer best does not apply to conflicts; use mean or a layer number");
        }
        threshold = threshold == null ? 0.95 : threshold;
        if (!(threshold > -1 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be a cosine similarity in (-1, 1], got " + threshold);
        }
        exactOnly = exactOnly != null && exactOnly;
        seed = seed == null ? 42L : seed;
        downsample = downsample == null ? 1.0 : downsample;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        subwordPooling = subwordPooling == null ? SubwordPooling.MEAN : subwordPooling;
        pairEncoding = pairEncoding == null ? PairEncoding.NATIVE : pairEncoding;
        batchSize = batchSize == null ? 32 : batchSize;
        device = device == null || device.isBlank() ? "cpu" : device;
        DiagnosticData.check(2, downsample, batchSize);
    }

    /** @return the shared dataset and embedding options (of the first dataset; the second is read the same way) */
    public DiagnosticData data() {
        return new DiagnosticData(dataset, models, layer, 2, seed, downsample, textColumn, pairColumn, labelColumn, task,
                encoding, sentencePooling, subwordPooling, pairEncoding, batchSize, device);
    }
}
