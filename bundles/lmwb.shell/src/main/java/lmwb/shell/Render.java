package lmwb.shell;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lmwb.common.json.Json;

/**
 * Rendering of command results: aligned text tables for people, JSON for machines. Commands build their
 * result as plain data (maps, lists, records) and return {@code json ? Render.json(data) : Render.table(...)}.
 * JSON is written with lmwb's one configuration ({@link Json}): records' fields as snake_case keys.
 */
public final class Render {
    private static final Gson GSON = Json.COMPACT;
    private static final Gson PRETTY = Json.PRETTY;

    private Render() {
    }

    /**
     * @param data maps, lists, records, primitives
     * @return compact JSON
     */
    public static String json(Object data) {
        return GSON.toJson(data);
    }

    /**
     * @param data maps, lists, records, primitives
     * @return indented JSON
     */
    public static String prettyJson(Object data) {
        return PRETTY.toJson(data);
    }

    /**
     * @param data any data
     * @return it as a JSON tree
     */
    public static JsonElement tree(Object data) {
        return GSON.toJsonTree(data);
    }

    /** @return the shared Gson instance (records and paths supported) */
    public static Gson gson() {
        return GSON;
    }

    /**
     * Formats a number for tables: 4 significant decimals, or scientific for very small/large values.
     *
     * @param value the number
     * @return its text
     */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double a = Math.abs(value);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * Renders an aligned text table.
     *
     * @param headers column headers
     * @param rows rows of cells ({@link Double} cells formatted with {@link #number(double)})
     * @return the table, one line per row, with a header underline
     */
    public static String table(List<String> headers, List<? extends List<?>> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(headers);
        for (List<?> r : rows) {
            List<String> line = new ArrayList<>();
            for (Object o : r) {
                line.add(o instanceof Double d ? number(d) : o instanceof Float f ? number(f) : String.valueOf(o));
            }
            cells.add(line);
        }
        int cols = headers.size();
        int[] width = new int[cols];
        for (List<String> r : cells) {
            for (int i = 0; i < cols && i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            List<String> r = cells.get(k);
            for (int i = 0; i < cols; i++) {
                String c = i < r.size() ? r.get(i) : "";
                sb.append(c);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            sb.append('\n');
            if (k == 0) {
                for (int i = 0; i < cols; i++) {
                    sb.append("-".repeat(width[i]));
                    if (i < cols - 1) {
                        sb.append("  ");
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
