package lmwb.api.analysis;

import java.util.List;
import java.util.Locale;
import lmwb.api.data.DatasetOptions;
import lmwb.api.encoder.SentencePooling;

/** The checks and defaults the redundancy requests share (model, dataset, sampling and activation options). */
final class ActivationOptions {
    private ActivationOptions() {
    }

    static List<String> models(List<String> models) {
        List<String> out = models == null ? List.of() : List.copyOf(models);
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--model is required (see 'models')");
        }
        return out;
    }

    static String dataset(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is required (see 'datasets')");
        }
        return dataset;
    }

    static int samples(Integer samples, int fallback) {
        int s = samples == null ? fallback : samples;
        if (s < 10) {
            throw new IllegalArgumentException("--samples must be at least 10, got " + s);
        }
        return s;
    }

    static SentencePooling pooling(SentencePooling pooling) {
        SentencePooling p = pooling == null ? SentencePooling.CLS : pooling;
        if (p != SentencePooling.CLS && p != SentencePooling.MEAN) {
            throw new IllegalArgumentException("--sentence-pooling must be cls or mean, got '"
                    + p.name().toLowerCase(Locale.ROOT) + "'");
        }
        return p;
    }

    static String device(String device) {
        String d = device == null ? "cpu" : device.trim().toLowerCase(Locale.ROOT);
        if (!d.equals("cpu") && !d.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + d + "'; use cpu or gpu");
        }
        return d;
    }

    static String encoding(String encoding) {
        return DatasetOptions.toCharset(encoding).name();
    }

    static String out(String out) {
        return out == null || out.isBlank() ? null : out;
    }
}
