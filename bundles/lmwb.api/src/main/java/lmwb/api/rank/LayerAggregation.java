package lmwb.api.rank;

import java.util.Locale;

/** How a model's per-layer embeddings become one model score. */
public enum LayerAggregation {
    /** Per token, the mean over all transformer layers (embedding output excluded), then pooling; one score. */
    LAYERMEAN,
    /** The last transformer layer only. */
    LASTLAYER,
    /** Every transformer layer scored separately; the model's score is the best one. */
    BESTLAYER;

    /**
     * @param name {@code layermean}, {@code lastlayer} or {@code bestlayer}
     * @return the aggregation
     */
    public static LayerAggregation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace("_", "").replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown layer aggregation '" + name + "'; use layermean, lastlayer or bestlayer", e);
        }
    }

    /** @return the lower-case name */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
