package lmwb.datasets.read;

import java.util.List;

/**
 * What a table's label column holds, counted by kind, to refuse columns that mix kinds with a message that
 * says what was found. A column that mixes tag lists with single labels would otherwise fail on its first
 * odd row as a task mismatch ("task token-classification needs words..."), and one that mixes JSON numbers
 * with strings would silently become classes such as {@code 1}, {@code 2} and {@code pos}.
 *
 * <p>Only typed values count as numbers: JSON numbers, never the strings of a CSV or TSV file (where
 * {@code 1} and {@code pos} are both ordinary class names), and strings that hold a number ({@code "1"})
 * are neither, because they name the same class as the number.
 */
final class LabelKinds {
    private final String source;
    private final String column;
    private final Count lists = new Count();
    private final Count singles = new Count();
    private final Count numbers = new Count();
    private final Count strings = new Count();
    private final Count tagNumbers = new Count();
    private final Count tagStrings = new Count();

    /** How many values of one kind, and the first of them with its line. */
    private static final class Count {
        long n;
        long line;
        Object example;

        void add(long at, Object value) {
            if (n++ == 0) {
                line = at;
                example = value;
            }
        }

        String describe(String what, String unit) {
            return what + " (" + n + " " + unit + (n == 1 ? "" : "s") + ", e.g. line " + line + ": " + show(example) + ")";
        }
    }

    private LabelKinds(String source, String column) {
        this.source = source;
        this.column = column;
    }

    /**
     * @param table a table
     * @param column its label column
     * @return the kinds of value in that column
     */
    static LabelKinds of(Table table, String column) {
        LabelKinds k = new LabelKinds(table.source(), column);
        for (Table.Row row : table.rows()) {
            Object v = row.values().get(column);
            if (v instanceof List<?> tags) {
                k.lists.add(row.line(), v);
                for (Object t : tags) {
                    k.kind(t, row.line(), k.tagNumbers, k.tagStrings);
                }
            } else if (v != null && !(v instanceof String s && s.isBlank())) {
                k.singles.add(row.line(), v);
                k.kind(v, row.line(), k.numbers, k.strings);
            }
        }
        return k;
    }

    private void kind(Object v, long line, Count asNumber, Count asString) {
        if (v instanceof Number) {
            asNumber.add(line, v);
        } else if (v instanceof String s && !s.isBlank() && DatasetAssembler.number(s) == null) {
            asString.add(line, v);
        }
    }

    /** @throws IllegalArgumentException when the column mixes kinds, naming each kind's count and first line */
    void check() {
        String col = source + ": label column " + Excerpt.name(column);
        if (lists.n > 0 && singles.n > 0) {
            throw new IllegalArgumentException(col + " mixes " + lists.describe("tag lists", "row") + " and "
                    + singles.describe("single labels", "row") + "; use a list of tags (one per word) in every row for "
                    + "token classification, or one label per row");
        }
        if (numbers.n > 0 && strings.n > 0) {
            throw new IllegalArgumentException(col + " mixes " + numbers.describe("numbers", "row") + " and "
                    + strings.describe("strings", "row") + "; use one type");
        }
        if (tagNumbers.n > 0 && tagStrings.n > 0) {
            throw new IllegalArgumentException(col + " mixes " + tagNumbers.describe("number tags", "tag") + " and "
                    + tagStrings.describe("string tags", "tag") + "; use one type");
        }
    }

    private static String show(Object v) {
        if (v instanceof List<?> l) {
            return Excerpt.clip("[" + String.join(", ", l.stream().map(t -> t == null ? "null"
                    : t instanceof Number n ? DatasetAssembler.labelKey(n) : "\"" + t + "\"").toList()) + "]");
        }
        return Excerpt.quote(v);
    }
}
