package lmwb.datasets.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lmwb.api.data.DatasetOptions;

/**
 * Finds the text, optional second text (pair), label and split columns of a table by name, the way
 * TransformerRanker does: a column whose name equals a known keyword (case-insensitive) wins; failing
 * that, a column whose name contains one. The pair column is matched by exact name only. Overrides in
 * {@link DatasetOptions} take precedence. Two equally good candidates are an error that lists the columns.
 */
public final class ColumnDetector {
    /** Names of text columns. */
    public static final List<String> TEXT = List.of("text", "sentence", "sentence1", "text_a", "text1", "tweet",
            "question", "question1", "premise", "document", "content", "review", "comment", "utterance", "passage",
            "paragraph", "description", "story", "context", "title", "subject", "body", "tokens", "words", "token");
    /** Names of second-text (pair) columns. */
    public static final List<String> PAIR = List.of("sentence2", "text_b", "text2", "text_pair", "hypothesis",
            "question2", "pair", "second_text", "sentence_b", "response", "answer");
    /** Names of label columns. */
    public static final List<String> LABEL = List.of("label", "labels", "tag", "tags", "target", "targets", "category",
            "class", "sentiment", "score", "ner_tags", "pos_tags", "chunk_tags", "polarity", "emotion", "rating",
            "stance", "gold_label", "y");
    /** Name of the split column. */
    public static final String SPLIT = "split";

    private ColumnDetector() {
    }

    /**
     * The chosen columns.
     *
     * @param text the text column
     * @param pair the pair column, or {@code null}
     * @param label the label column
     * @param split the split column, or {@code null}
     */
    public record Columns(String text, String pair, String label, String split) {
    }

    /**
     * @param source the file, for messages
     * @param columns the table's columns
     * @param options overrides
     * @return the chosen columns
     * @throws IllegalArgumentException when a column is missing, unknown or ambiguous
     */
    public static Columns detect(String source, List<String> columns, DatasetOptions options) {
        List<String> free = new ArrayList<>(columns);
        String split = columns.stream().filter(c -> c.equalsIgnoreCase(SPLIT)).findFirst().orElse(null);
        for (Optional<String> o : List.of(options.text(), options.pair(), options.label())) {
            o.ifPresent(c -> require(source, columns, c));
        }
        options.text().ifPresent(free::remove);
        options.pair().ifPresent(free::remove);
        options.label().ifPresent(free::remove);
        if (split != null && !split.equals(options.textColumn()) && !split.equals(options.labelColumn())
                && !split.equals(options.pairColumn())) {
            free.remove(split);
        } else {
            split = null;
        }
        String label = options.label().orElseGet(() -> pick(source, columns, free, LABEL, "label", "--label-column", true));
        free.remove(label);
        String pair = options.pair().orElseGet(() -> pick(source, columns, free, PAIR, "pair", "--pair-column", false));
        if (pair != null) {
            free.remove(pair);
        }
        String text = options.text().orElseGet(() -> pick(source, columns, free, TEXT, "text", "--text-column", true));
        return new Columns(text, pair, label, split);
    }

    private static void require(String source, List<String> columns, String c) {
        if (!columns.contains(c)) {
            throw new IllegalArgumentException(source + ": no column " + Excerpt.name(c) + "; columns are "
                    + Excerpt.names(columns));
        }
    }

    private static String pick(String source, List<String> all, List<String> free, List<String> keys, String role,
            String flag, boolean required) {
        List<String> exact = free.stream().filter(c -> keys.contains(c.toLowerCase(Locale.ROOT).trim())).toList();
        if (exact.size() == 1) {
            return exact.get(0);
        }
        if (exact.size() > 1) {
            throw ambiguous(source, all, exact, role, flag);
        }
        if (!required) {
            return null;
        }
        List<String> partial = free.stream()
                .filter(c -> keys.stream().anyMatch(k -> k.length() > 2 && c.toLowerCase(Locale.ROOT).contains(k)))
                .toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        if (partial.size() > 1) {
            throw ambiguous(source, all, partial, role, flag);
        }
        throw new IllegalArgumentException(source + ": cannot find the " + role + " column among " + Excerpt.names(all)
                + "; name it " + String.join("/", keys.subList(0, Math.min(4, keys.size()))) + " or pass " + flag);
    }

    private static IllegalArgumentException ambiguous(String source, List<String> all, List<String> candidates,
            String role, String flag) {
        return new IllegalArgumentException(source + ": ambiguous " + role + " column: " + Excerpt.names(candidates)
                + " all qualify (columns are " + Excerpt.names(all) + "); pass " + flag + " to choose one");
    }
}
