package lmwb.analysis.modelvectors;

/** The six linear weights of a BERT-family encoder layer whose deltas make a model vector, in stacking order. */
enum Family {
    /** Attention query, {@code [H, H]}. */
    QUERY("query", "attention.self.query.weight"),
    /** Attention key, {@code [H, H]}. */
    KEY("key", "attention.self.key.weight"),
    /** Attention value, {@code [H, H]}. */
    VALUE("value", "attention.self.value.weight"),
    /** Attention output projection Wo, {@code [H, H]}. */
    ATTENTION_OUTPUT("attention_output", "attention.output.dense.weight"),
    /** Feed-forward W1, {@code [F, H]}. */
    INTERMEDIATE("intermediate", "intermediate.dense.weight"),
    /** Feed-forward W2, {@code [H, F]}. */
    OUTPUT("output", "output.dense.weight");

    private final String label;
    private final String suffix;

    Family(String label, String suffix) {
        this.label = label;
        this.suffix = suffix;
    }

    /** @return the short name used in tables and JSON */
    String label() {
        return label;
    }

    /** @return whether the family belongs to the feed-forward block */
    boolean feedForward() {
        return this == INTERMEDIATE || this == OUTPUT;
    }

    /**
     * @param layer the layer index
     * @return the canonical parameter name
     */
    String tensor(int layer) {
        return "encoder.layer." + layer + "." + suffix;
    }
}
