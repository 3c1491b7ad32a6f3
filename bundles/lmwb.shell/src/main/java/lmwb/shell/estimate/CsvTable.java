package lmwb.shell.estimate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small CSV/TSV table (header row, RFC 4180 quoting) for {@code lmwb:estimate}: numeric columns become an
 * embedding matrix, one column the labels.
 */
final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows;

    private CsvTable(Path file, List<String> header, List<List<String>> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static CsvTable read(Path file) throws IOException {
        char sep = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<List<String>> all = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(split(line, sep));
            }
        }
        if (all.size() < 2) {
            throw new IllegalArgumentException(file + ": a CSV needs a header row and at least one data row");
        }
        List<String> header = all.get(0);
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).size() != header.size()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " has " + all.get(i).size() + " fields, the header has "
                        + header.size());
            }
        }
        return new CsvTable(file, header, all.subList(1, all.size()));
    }

    private static List<String> split(String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == sep) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    int rowCount() {
        return rows.size();
    }

    /**
     * @param name a header name
     * @return its index
     * @throws IllegalArgumentException listing the columns when there is no such column
     */
    int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column '" + name + "'; columns: " + String.join(", ", header));
        }
        return i;
    }

    List<String> header() {
        return header;
    }

    List<String> values(int column) {
        List<String> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            out.add(r.get(column));
        }
        return out;
    }

    /** @return whether every value of the column parses as a number */
    boolean isNumeric(int column) {
        for (List<String> r : rows) {
            try {
                Double.parseDouble(r.get(column));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    Path file() {
        return file;
    }
}
