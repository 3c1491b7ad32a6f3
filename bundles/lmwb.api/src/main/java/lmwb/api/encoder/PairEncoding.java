package lmwb.api.encoder;

/** How the two texts of a pair task are given to the tokenizer. */
public enum PairEncoding {
    /** The tokenizer's own pair template (e.g. {@code [CLS] a [SEP] b [SEP]} with token types) — default. */
    NATIVE,
    /** The reference's behaviour: one text, the two joined with the literal string {@code " [SEP] "}. */
    JOIN_SEP
}
