package lmwb.datasets.read;

import java.util.List;
import java.util.Map;

/**
 * Rows of a tabular file (CSV, TSV, JSON Lines, JSON array) with named columns.
 *
 * @param source the file name, for messages
 * @param columns column names in file order
 * @param rows the rows
 */
public record Table(String source, List<String> columns, List<Row> rows) {

    /**
     * One row.
     *
     * @param line the 1-based line where it starts
     * @param values cell values by column: {@link String}, {@link Number}, {@link List} (JSON arrays) or {@code null}
     */
    public record Row(long line, Map<String, Object> values) {
    }
}
