package lmwb.api.diagnostics;

import java.util.List;
import lmwb.api.encoder.PairEncoding;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * The request of {@code difficulty}: V-usable information of a dataset for the linear-probe family on frozen
 * embeddings of the given models. {@code null} = not given.
 *
 * @param dataset dataset name or file
 * @param models models; default: the built-in models' first; several are concatenated
 * @param layer mean (default), best (the layer with the most V-information), or a layer number
 * @param folds folds; default 5
 * @param seed seed; default 42
 * @param byLayer also compute the V-information of every layer (the curve: one probe per layer); default false
 *     (true with {@code --layer best})
 * @param lowest how many lowest-PVI examples the table lists; default 20 (the JSON has every example)
 * @param downsample fraction or count of examples kept
 * @param textColumn text column
 * @param pairColumn second text column
 * @param labelColumn label column
 * @param task task type override
 * @param encoding text encoding of a dataset file
 * @param sentencePooling words → sentence
 * @param subwordPooling sub-words → word
 * @param pairEncoding native or join
 * @param batchSize sentences per forward pass
 * @param device cpu or gpu
 */
public record DifficultyRequest(String dataset, List<String> models, String layer, Integer folds, Long seed,
        Boolean byLayer, Integer lowest, Double downsample, String textColumn, String pairColumn, String labelColumn,
        String task, String encoding, SentencePooling sentencePooling, SubwordPooling subwordPooling,
        PairEncoding pairEncoding, Integer batchSize, String device) {

    /** Fills defaults and checks values. */
    public DifficultyRequest {
        dataset = dataset == null || dataset.isBlank() ? null : dataset;
        models = models == null ? List.of() : List.copyOf(models);
        layer = DiagnosticData.checkLayer(layer);
        folds = folds == null ? 5 : folds;
        seed = seed == null ? 42L : seed;
        byLayer = byLayer != null && byLayer || layer.equals(DiagnosticData.BEST);
        lowest = lowest == null ? 20 : lowest;
        if (lowest < 0) {
            throw new IllegalArgumentException("--lowest must be 0 or more, got " + lowest);
        }
        downsample = downsample == null ? 1.0 : downsample;
        encoding = encoding == null || encoding.isBlank() ? "utf-8" : encoding;
        sentencePooling = sentencePooling == null ? SentencePooling.MEAN : sentencePooling;
        subwordPooling = subwordPooling == null ? SubwordPooling.MEAN : subwordPooling;
        pairEncoding = pairEncoding == null ? PairEncoding.NATIVE : pairEncoding;
        batchSize = batchSize == null ? 32 : batchSize;
        device = device == null || device.isBlank() ? "cpu" : device;
        DiagnosticData.check(folds, downsample, batchSize);
    }

    /** @return the shared dataset and embedding options */
    public DiagnosticData data() {
        return new DiagnosticData(dataset, models, layer, folds, seed, downsample, textColumn, pairColumn, labelColumn, task,
                encoding, sentencePooling, subwordPooling, pairEncoding, batchSize, device);
    }
}
