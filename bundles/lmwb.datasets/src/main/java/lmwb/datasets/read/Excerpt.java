package lmwb.datasets.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Short, quoted excerpts of file content for error messages. A message names the file, the line and the
 * problem, and shows at most a short piece of the offending field: never whole lines (a wrong path such as
 * {@code /etc/passwd} must not be echoed), never control characters (escape sequences would reach the
 * terminal).
 */
public final class Excerpt {
    /** Most characters of one field shown in a message. */
    public static final int MAX_CHARS = 40;
    /** Most column names listed in a message. */
    public static final int MAX_NAMES = 20;

    private Excerpt() {
    }

    /**
     * @param value a field's value ({@code null} allowed)
     * @return it in double quotes (numbers bare), cut to {@value #MAX_CHARS} characters with an ellipsis,
     *         control characters escaped
     */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return DatasetAssembler.labelKey(n);
        }
        return "\"" + clip(value.toString()) + "\"";
    }

    /**
     * @param column a column name from a file
     * @return it clipped, in single quotes
     */
    public static String name(String column) {
        return "'" + clip(column) + "'";
    }

    /**
     * @param names column names
     * @return {@code [a, b, ...]} with each name clipped and at most {@value #MAX_NAMES} names
     */
    public static String names(List<String> names) {
        List<String> shown = new ArrayList<>();
        for (String n : names.subList(0, Math.min(MAX_NAMES, names.size()))) {
            shown.add(clip(n));
        }
        String more = names.size() > MAX_NAMES ? ", … " + (names.size() - MAX_NAMES) + " more" : "";
        return "[" + String.join(", ", shown) + more + "]";
    }

    /**
     * @param text any text
     * @return it cut to {@value #MAX_CHARS} characters (an ellipsis marks the cut), control and other
     *         non-printing characters as {@code \}{@code uXXXX}
     */
    public static String clip(String text) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (shown == MAX_CHARS) {
                return sb.append('…').toString();
            }
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.SURROGATE) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            shown++;
        }
        return sb.toString();
    }
}
