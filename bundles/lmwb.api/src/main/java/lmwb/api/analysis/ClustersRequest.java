package lmwb.api.analysis;

import java.util.List;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/**
 * The {@code clusters} command's request: neuron correlation clustering of all layers' neurons of the first model.
 *
 * @param model model references (the first is analysed)
 * @param dataset dataset name or file path
 * @param thresholds distance cuts t (1 − |r|); default 0.1, 0.2, ..., 0.9
 * @param samples sentences or words to sample; default 2000
 * @param sentencePooling {@link SentencePooling#CLS} (default) or {@link SentencePooling#MEAN}
 * @param float16 store activations as half floats
 * @param device {@code cpu} (default) or {@code gpu}
 * @param seed seed for sampling (default 42)
 * @param encoding the dataset file's encoding (default UTF-8)
 * @param out a folder that receives a copy of the stored result, or {@code null}
 */
public record ClustersRequest(List<String> model, String dataset, List<Double> thresholds, Integer samples,
        SentencePooling sentencePooling, Boolean float16, String device, Long seed, String encoding, String out) {
    /** The default cuts. */
    public static final List<Double> DEFAULT_THRESHOLDS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    /** Fills defaults and checks. */
    public ClustersRequest {
        model = ActivationOptions.models(model);
        dataset = ActivationOptions.dataset(dataset);
        thresholds = thresholds == null || thresholds.isEmpty() ? DEFAULT_THRESHOLDS : List.copyOf(thresholds);
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 2)) {
                throw new IllegalArgumentException("--thresholds are distances 1 - |r| in [0, 2], got " + t);
            }
        }
        samples = ActivationOptions.samples(samples, 2000);
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
