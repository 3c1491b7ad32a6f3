package lmwb.api.estimator;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Immutable string options for one estimator call, e.g. {@code k=5}, {@code metric=cosine}. Typed getters
 * validate values and name the key in their error messages. An estimator calls
 * {@link #requireOnly(String, Set)} to refuse keys it does not know.
 */
public final class EstimatorOptions {
    /** No options: every estimator's defaults. */
    public static final EstimatorOptions NONE = new EstimatorOptions(Map.of());

    private final Map<String, String> values;

    private EstimatorOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * @param values key/value pairs
     * @return the options
     */
    public static EstimatorOptions of(Map<String, String> values) {
        return new EstimatorOptions(values);
    }

    /**
     * Parses {@code key=value,key=value}.
     *
     * @param text the option string, may be empty
     * @return the options
     * @throws IllegalArgumentException if an entry is not {@code key=value}
     */
    public static EstimatorOptions parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("estimator option '" + part + "' is not key=value");
                }
                m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return new EstimatorOptions(m);
    }

    /** @return all options */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * @param estimator the estimator's name, for the message
     * @param allowed the keys it understands
     * @throws IllegalArgumentException naming the unknown key and the allowed ones
     */
    public void requireOnly(String estimator, Set<String> allowed) {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("estimator '" + estimator + "' does not understand option(s) " + unknown
                    + "; allowed: " + (allowed.isEmpty() ? "none" : allowed));
        }
    }

    /**
     * @param key option key
     * @param fallback default
     * @return the value as a string
     */
    public String getString(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * @param key option key
     * @param fallback default
     * @return the value as an int
     */
    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not an integer", e);
        }
    }

    /**
     * @param key option key
     * @param fallback default
     * @return the value as a double
     */
    public double getDouble(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not a number", e);
        }
    }

    /**
     * @param key option key
     * @param fallback default
     * @return the value as a boolean ({@code true}/{@code false})
     */
    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("option " + key + "=" + v + " must be true or false");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
