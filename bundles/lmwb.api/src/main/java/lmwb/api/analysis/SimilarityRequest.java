package lmwb.api.analysis;

import java.util.List;
import java.util.Locale;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/**
 * The {@code similarity} command's request: the layer-similarity matrix of each model and, with several models,
 * the cross-model matrices. Components are the command's long options; {@code null} means "not given".
 *
 * @param model model references, one or more ({@code --model m1,m2})
 * @param dataset dataset name or file path
 * @param measure {@code cka} (linear CKA, default) or {@code cka-debiased} (unbiased HSIC)
 * @param samples sentences (sentence tasks) or word tokens (token tasks) to sample; default 2000
 * @param sentencePooling sentence vectors: {@link SentencePooling#CLS} (default, as the paper) or
 *     {@link SentencePooling#MEAN}; token tasks always use one vector per word
 * @param float16 store activations as IEEE half floats (half the memory)
 * @param device {@code cpu} (default) or {@code gpu}
 * @param seed seed for sampling (default 42)
 * @param encoding the dataset file's encoding (default UTF-8)
 * @param out a folder that receives a copy of the stored result, or {@code null}
 */
public record SimilarityRequest(List<String> model, String dataset, String measure, Integer samples,
        SentencePooling sentencePooling, Boolean float16, String device, Long seed, String encoding, String out) {
    /** Fills defaults and checks. */
    public SimilarityRequest {
        model = ActivationOptions.models(model);
        dataset = ActivationOptions.dataset(dataset);
        measure = measure == null || measure.isBlank() ? "cka" : measure.trim().toLowerCase(Locale.ROOT);
        if (!measure.equals("cka") && !measure.equals("cka-debiased")) {
            throw new IllegalArgumentException("--measure must be cka or cka-debiased, got '" + measure + "'");
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
