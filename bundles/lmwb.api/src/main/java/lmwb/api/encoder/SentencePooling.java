package lmwb.api.encoder;

import java.util.Locale;

/** How the word vectors of one input are pooled into one sentence vector. */
public enum SentencePooling {
    /** Mean of the word vectors (default). */
    MEAN,
    /** The first word's vector. */
    FIRST,
    /** The last word's vector. */
    LAST,
    /** Weighted mean with linearly decreasing weights 0.9 … 0.1, normalised. */
    WEIGHTED_MEAN,
    /** The vector of the leading special token ([CLS] / &lt;s&gt;). */
    CLS,
    /** Element-wise maximum over the real (non-padding, non-special) tokens. */
    MAX,
    /** No sentence pooling: one vector per word (token tasks). */
    NONE;

    /**
     * @param name e.g. {@code mean}, {@code weighted_mean}, {@code cls}
     * @return the pooling
     */
    public static SentencePooling parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sentence pooling '" + name
                    + "'; use mean, first, last, weighted_mean, cls, max or none", e);
        }
    }
}
