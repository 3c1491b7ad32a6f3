package lmwb.api.analysis;

import java.util.List;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/**
 * The {@code prune} command's request: oracle, layer-wise and incremental probes, LayerSelector, correlation
 * clustering and neuron ranking on the first model.
 *
 * @param model model references (the first is analysed)
 * @param dataset dataset name or file path
 * @param ls LayerSelector thresholds in % (default 3, 2, 1)
 * @param fs feature-selection threshold in % (default 1)
 * @param cluster clustering threshold t (default 0.3; {@code -1} for none)
 * @param ranker a {@link NeuronRanker} name (default {@code weight-mass}, the paper's)
 * @param epochs probe epochs (default 10, the paper's)
 * @param samples sentences or words to sample, split 70/15/15 (default 4000)
 * @param sentencePooling {@link SentencePooling#CLS} (default) or {@link SentencePooling#MEAN}
 * @param float16 store activations as half floats
 * @param device {@code cpu} (default) or {@code gpu}
 * @param seed seed for sampling, splitting and probes (default 42)
 * @param encoding the dataset file's encoding (default UTF-8)
 * @param out a folder that receives a copy of the stored result, or {@code null}
 */
public record PruneRequest(List<String> model, String dataset, List<Double> ls, Double fs, Double cluster,
        String ranker, Integer epochs, Integer samples, SentencePooling sentencePooling, Boolean float16,
        String device, Long seed, String encoding, String out) {
    /** The paper's neuron ranking: weight mass of the probe trained on the kept neurons. */
    public static final String WEIGHT_MASS = "weight-mass";

    /** Fills defaults and checks. */
    public PruneRequest {
        model = ActivationOptions.models(model);
        dataset = ActivationOptions.dataset(dataset);
        ls = ls == null || ls.isEmpty() ? List.of(3.0, 2.0, 1.0) : List.copyOf(ls);
        fs = fs == null ? 1.0 : fs;
        cluster = cluster == null ? 0.3 : cluster;
        ranker = ranker == null || ranker.isBlank() ? WEIGHT_MASS : ranker.trim();
        epochs = epochs == null ? 10 : epochs;
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        for (double d : ls) {
            if (!(d >= 0 && d < 100)) {
                throw new IllegalArgumentException("--ls thresholds are percentages in [0, 100), got " + d);
            }
        }
        if (!(fs >= 0 && fs < 100)) {
            throw new IllegalArgumentException("--fs is a percentage in [0, 100), got " + fs);
        }
        if (cluster != -1 && !(cluster >= 0 && cluster <= 2)) {
            throw new IllegalArgumentException("--cluster is a distance 1 - |r| in [0, 2] or -1 for none, got " + cluster);
        }
        samples = ActivationOptions.samples(samples, 4000);
        sentencePooling = ActivationOptions.pooling(sentencePooling);
        float16 = float16 != null && float16;
        device = ActivationOptions.device(device);
        seed = seed == null ? 42L : seed;
        encoding = ActivationOptions.encoding(encoding);
        out = ActivationOptions.out(out);
    }

    /** @return how to read the dataset */
    public DatasetOptions datasetOptions() {
        return DatasetOptions.DEFAULTS.withSeed(seed).withEncoding(encoding);
    }
}
