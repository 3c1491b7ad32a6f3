package lmwb.datasets.read;

import java.util.List;
import lmwb.api.data.Split;

/**
 * One row as read from a source, before cleaning and label encoding.
 *
 * @param source the file (or package entry) it came from, for error messages
 * @param line the 1-based line where the row starts, or 0 when unknown
 * @param split the split it belongs to
 * @param text the text, or {@code null}
 * @param pair the second text, or {@code null}
 * @param label the raw label: a {@link String}, a {@link Number}, or {@code null} when missing
 * @param words pre-split words of token-level rows, else {@code null}
 * @param tags one raw tag ({@link String} or {@link Number}) per word for token-level rows, else {@code null}
 */
public record RawExample(String source, long line, Split split, String text, String pair, Object label,
        List<String> words, List<Object> tags) {

    /**
     * @param source file name
     * @param line line number
     * @param split split
     * @param text text
     * @param pair second text or {@code null}
     * @param label raw label
     * @return a sentence-level row
     */
    public static RawExample sentence(String source, long line, Split split, String text, String pair, Object label) {
        return new RawExample(source, line, split, text, pair, label, null, null);
    }

    /**
     * @param source file name
     * @param line line number
     * @param split split
     * @param words the words
     * @param tags one tag per word
     * @return a token-level row
     */
    public static RawExample tagged(String source, long line, Split split, List<String> words, List<Object> tags) {
        return new RawExample(source, line, split, String.join(" ", words), null, null, words, tags);
    }

    /** @return whether this row carries words and tags */
    public boolean isTokenLevel() {
        return words != null;
    }

    /** @return {@code source:line} for messages */
    public String where() {
        return line > 0 ? source + ":" + line : source;
    }
}
