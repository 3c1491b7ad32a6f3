package lmwb.api.encoder;

import java.util.Locale;

/**
 * How to open a model.
 *
 * @param device {@code cpu} or {@code gpu}
 * @param dropout dropout probability override for training, or {@code NaN} for the model's own; inference is
 *     always deterministic
 * @param sparkMaster embed on this Apache Spark master ({@link EmbeddingEngine#sparkMaster}) instead of in this
 *     process, or {@code null}; only embeddings that go into the cache run there (since 1.3)
 */
public record ModelOptions(String device, double dropout, String sparkMaster) {
    /** CPU, the model's own dropout. */
    public static final ModelOptions DEFAULTS = new ModelOptions("cpu", Double.NaN);

    /**
     * In this process.
     *
     * @param device {@code cpu} or {@code gpu}
     * @param dropout dropout override, or {@code NaN}
     */
    public ModelOptions(String device, double dropout) {
        this(device, dropout, null);
    }

    /** Validates the device name and the master URL. */
    public ModelOptions {
        sparkMaster = sparkMaster == null ? null : EmbeddingEngine.sparkMaster(EmbeddingEngine.SPARK, sparkMaster);
        device = device.toLowerCase(Locale.ROOT);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or gpu");
        }
        if (!Double.isNaN(dropout) && (dropout < 0 || dropout >= 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
