package lmwb.api.encoder;

import java.util.Locale;

/** How the sub-word tokens of one word are pooled into the word's vector. */
public enum SubwordPooling {
    /** Mean of the word's sub-word vectors (default). */
    MEAN,
    /** The first sub-word's vector. */
    FIRST,
    /** The last sub-word's vector. */
    LAST;

    /**
     * @param name {@code mean}, {@code first} or {@code last}
     * @return the pooling
     */
    public static SubwordPooling parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sub-word pooling '" + name + "'; use mean, first or last", e);
        }
    }
}
