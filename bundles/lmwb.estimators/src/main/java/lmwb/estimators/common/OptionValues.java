package lmwb.estimators.common;

import java.util.Locale;
import java.util.Set;
import lmwb.api.estimator.EstimatorOptions;

/** Typed reading of estimator options that {@link EstimatorOptions} has no getter for. */
public final class OptionValues {
    private OptionValues() {
    }

    /**
     * Reads an option whose value must be one of {@code allowed} (case-insensitive).
     *
     * @param options the options
     * @param key the key
     * @param fallback the default
     * @param allowed the allowed values, lower case
     * @return the value, lower case
     */
    public static String choice(EstimatorOptions options, String key, String fallback, Set<String> allowed) {
        String v = options.getString(key, fallback).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not one of " + allowed);
        }
        return v;
    }

    /**
     * Reads an integer option that must lie in {@code [min, max]}.
     *
     * @param options the options
     * @param key the key
     * @param fallback the default
     * @param min smallest allowed value
     * @param max largest allowed value
     * @return the value
     */
    public static int intInRange(EstimatorOptions options, String key, int fallback, int min, int max) {
        int v = options.getInt(key, fallback);
        if (v < min || v > max) {
            throw new IllegalArgumentException("option " + key + "=" + v + " must be between " + min + " and " + max);
        }
        return v;
    }
}
