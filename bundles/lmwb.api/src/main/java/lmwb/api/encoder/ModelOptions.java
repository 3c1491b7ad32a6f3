package lmwb.api.encoder;

import java.util.Locale;

/**
 * How to open a model.
 *
 * @param device {@code cpu} or {@code gpu}
 * @param dropout dropout probability override for training, or {@code NaN} for the model's own; inference is
 *     always deterministic
 */
public record ModelOptions(String device, double dropout) {
    /** CPU, the model's own dropout. */
    public static final ModelOptions DEFAULTS = new ModelOptions("cpu", Double.NaN);

    /** Validates the device name. */
    public ModelOptions {
        device = device.toLowerCase(Locale.ROOT);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or gpu");
        }
        if (!Double.isNaN(dropout) && (dropout < 0 || dropout >= 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
