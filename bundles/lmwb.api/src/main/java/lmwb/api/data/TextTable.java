package lmwb.api.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as text: named columns, one row per record ({@code ""} for an empty cell).
 *
 * @param source the file, for messages
 * @param columns the column names
 * @param rows the rows, each as many cells as columns
 */
public record TextTable(String source, List<String> columns, List<List<String>> rows) {
    /** Freezes the table. */
    public TextTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * @param name a column name
     * @return its index
     * @throws IllegalArgumentException naming the columns there are
     */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + " has no column '" + name + "'; its columns: " + String.join(", ", columns));
        }
        return i;
    }

    /**
     * @param column a column index
     * @return its cells, top to bottom
     */
    public List<String> values(int column) {
        List<String> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.get(column)));
        return out;
    }

    /**
     * @param column a column index
     * @return whether every cell of it is a number
     */
    public boolean isNumeric(int column) {
        for (List<String> r : rows) {
            try {
                Double.parseDouble(r.get(column).trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return !rows.isEmpty();
    }
}
