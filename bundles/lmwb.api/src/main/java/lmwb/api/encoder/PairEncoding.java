package lmwb.api.encoder;

/** How the two texts of a pair task are given to the tokenizer. */
public enum PairEncoding {
    /** The tokenizer's own pair template (e.g. {@code [CLS] a [SEP] b [SEP]} with token types) — default. */
    NATIVE,
    /** The reference's behaviour: one text, the two joined with the literal string {@code " [SEP] "}. */
    JOIN_SEP;

    /**
     * @param name {@code native}, or {@code join} (also {@code join_sep}, {@code join-sep}, {@code sep})
     * @return the encoding
     * @throws IllegalArgumentException for any other name, listing the accepted ones
     */
    public static PairEncoding parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "native" -> NATIVE;
            case "join", "join_sep", "sep" -> JOIN_SEP;
            default -> throw new IllegalArgumentException("unknown pair encoding '" + name + "'; use native or join");
        };
    }
}
