package lmwb.api.training;

import java.util.Locale;

/** How a multi-encoder combines the pooled vectors of its language models. */
public enum CombineMethod {
    /** {@code m = [e_1; …; e_L]}, no projection. */
    CONCAT,
    /** Each model projected to {@code d' = max d_i} by its own Linear, then averaged. */
    MEAN,
    /** Dynamic meta-embeddings: projected, scored by a shared Linear(d' → 1), softmax-weighted sum. */
    DME;

    /**
     * @param name {@code concat}, {@code mean} or {@code dme} (any case)
     * @return the method
     * @throws IllegalArgumentException for another name
     */
    public static CombineMethod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown combine method '" + name + "'; use concat, mean or dme");
        }
    }
}
