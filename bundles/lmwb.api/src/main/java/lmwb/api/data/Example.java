package lmwb.api.data;

import java.util.List;
import java.util.Objects;

/**
 * One labelled example. Sentence-level examples have a {@link #text()} (and a {@link #pairText()} for
 * pair tasks) and one label; token-level examples have {@link #words()} and one tag id per word.
 *
 * @param text the text, or the words joined with spaces for token tasks
 * @param pairText the second text of a pair task, else {@code null}
 * @param words pre-split words for token tasks, else an empty list
 * @param label class id (classification) — unused ({@code -1}) for regression and token tasks
 * @param target regression target — {@code NaN} for classification
 * @param tags one class id per word for token tasks, else an empty array
 */
public record Example(String text, String pairText, List<String> words, int label, double target, int[] tags) {

    /** Validates and freezes the example. */
    public Example {
        Objects.requireNonNull(text, "text");
        words = List.copyOf(words);
        tags = tags.clone();
        if (tags.length != 0 && tags.length != words.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + tags.length + " tags");
        }
    }

    /**
     * @param text the text
     * @param label class id
     * @return a classification example
     */
    public static Example classified(String text, int label) {
        return new Example(text, null, List.of(), label, Double.NaN, new int[0]);
    }

    /**
     * @param text first text
     * @param pair second text
     * @param label class id
     * @return a pair classification example
     */
    public static Example classifiedPair(String text, String pair, int label) {
        return new Example(text, pair, List.of(), label, Double.NaN, new int[0]);
    }

    /**
     * @param text the text
     * @param pair second text or {@code null}
     * @param target the real-valued target
     * @return a regression example
     */
    public static Example regression(String text, String pair, double target) {
        return new Example(text, pair, List.of(), -1, target, new int[0]);
    }

    /**
     * @param words the words
     * @param tags one tag id per word
     * @return a token classification example
     */
    public static Example tagged(List<String> words, int[] tags) {
        return new Example(String.join(" ", words), null, words, -1, Double.NaN, tags);
    }

    /** @return a copy of the tag ids */
    @Override
    public int[] tags() {
        return tags.clone();
    }

    /** @return the number of tags without copying */
    public int tagCount() {
        return tags.length;
    }

    /**
     * @param i word index
     * @return the tag id of word {@code i}
     */
    public int tag(int i) {
        return tags[i];
    }
}
