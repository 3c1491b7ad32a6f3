package lmwb.api.encoder;

import java.util.List;
import java.util.Objects;

/**
 * One input to embed: a text, a text pair, or pre-split words.
 *
 * @param text the text (for word inputs, the words joined by spaces)
 * @param pair the second text of a pair, or {@code null}
 * @param words pre-split words, or an empty list to split {@code text} with the reference's pattern
 */
public record EmbeddingInput(String text, String pair, List<String> words) {

    /** Freezes the input. */
    public EmbeddingInput {
        Objects.requireNonNull(text, "text");
        words = List.copyOf(words);
    }

    /**
     * @param text a text
     * @return the input
     */
    public static EmbeddingInput text(String text) {
        return new EmbeddingInput(text, null, List.of());
    }

    /**
     * @param first first text
     * @param second second text
     * @return the pair input
     */
    public static EmbeddingInput pair(String first, String second) {
        return new EmbeddingInput(first, Objects.requireNonNull(second, "second"), List.of());
    }

    /**
     * The one conversion of a dataset example into what an encoder embeds, used by ranking, embedding export,
     * training and analyses alike.
     *
     * <ul>
     *   <li>token tasks: the example's words ({@link #words(List)});</li>
     *   <li>pair tasks: the two texts as a pair; <b>an example without a second text is encoded as a pair
     *       with an empty second text</b>, so every example of a pair task goes through the same pair template
     *       (never silently as a single text, never an error);</li>
     *   <li>every other task: the text.</li>
     * </ul>
     *
     * @param example the example
     * @param task the dataset's task type
     * @return its input
     */
    public static EmbeddingInput of(lmwb.api.data.Example example, lmwb.api.TaskType task) {
        if (task.isTokenLevel()) {
            return words(example.words());
        }
        if (task.isPair()) {
            return pair(example.text(), example.pairText() == null ? "" : example.pairText());
        }
        return text(example.text());
    }

    /**
     * @param words pre-split words
     * @return the input
     */
    public static EmbeddingInput words(List<String> words) {
        return new EmbeddingInput(String.join(" ", words), null, words);
    }
}
