package lmwb.datasets.read;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads tabular files into {@link Table}s: CSV and TSV with a header row (Apache Commons CSV), JSON Lines
 * and JSON arrays of objects (Gson). Malformed input raises {@link IllegalArgumentException} naming the file,
 * the line and the problem.
 */
public final class TableReader {
    private static final Pattern GSON_LINE = Pattern.compile("line (\\d+)");

    private TableReader() {
    }

    /**
     * Reads a delimited file whose first row names the columns. CSV uses RFC 4180 quoting; TSV has no
     * quoting (as in GLUE-style files, where quotes are ordinary characters).
     *
     * @param file the file
     * @param tsv whether it is tab-separated
     * @param charset its encoding
     * @return the table
     * @throws IOException when the file cannot be read
     */
    public static Table delimited(Path file, boolean tsv, Charset charset) throws IOException {
        return delimited(file, tsv, charset, true);
    }

    /**
     * Reads a delimited file as {@link #delimited(Path, boolean, Charset)} does.
     *
     * @param file the file
     * @param tsv whether it is tab-separated
     * @param charset its encoding
     * @param dataset whether it is a dataset (which needs at least a text and a label column); other tables
     *     (labels for {@code estimate}) may have one column
     * @return the table
     * @throws IOException when the file cannot be read
     */
    public static Table delimited(Path file, boolean tsv, Charset charset, boolean dataset) throws IOException {
        String name = file.toString();
        // Header names are checked below, with messages that do not echo the whole header.
        CSVFormat.Builder b = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(false).setAllowMissingColumnNames(true);
        if (tsv) {
            b.setDelimiter('\t').setQuote(null);
        }
        List<Table.Row> rows = new ArrayList<>();
        List<String> columns;
        try (Reader in = TextFiles.open(file, charset);
                CSVParser parser = parse(b.build(), in, name)) {
            columns = parser.getHeaderNames();
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(name + ":1: no header row; the first line must name the columns");
            }
            checkHeaderNames(name, columns);
            if (dataset && columns.size() == 1) {
                // Not echoed: a one-column "header" is usually the first line of a file that is no table at all.
                throw new IllegalArgumentException(name + ":1: the header row has one column; a " + (tsv ? "TSV" : "CSV")
                        + " dataset needs a header row naming a text and a label column, separated by "
                        + (tsv ? "tabs" : "commas") + " (e.g. text" + (tsv ? "<TAB>" : ",") + "label)");
            }
            Iterator<CSVRecord> it = parser.iterator();
            long previousEnd = parser.getCurrentLineNumber();
            while (true) {
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new IllegalArgumentException(name + ":" + (previousEnd + 1) + ": malformed "
                            + (tsv ? "TSV" : "CSV") + " (" + rootMessage(e) + "); check quoting", e);
                }
                long line = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (rec.size() != columns.size()) {
                    throw new IllegalArgumentException(name + ":" + line + ": expected " + columns.size()
                            + " fields as in the header " + Excerpt.names(columns) + " but found " + rec.size()
                            + (tsv ? "" : "; quote fields that contain commas"));
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), rec.get(i));
                }
                rows.add(new Table.Row(line, values));
            }
        }
        return new Table(name, columns, rows);
    }

    /**
     * Refuses unnamed and repeated columns: Commons CSV's own message lists the whole header, and a repeated
     * name would silently keep only the last column of that name.
     */
    private static void checkHeaderNames(String name, List<String> columns) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException(name + ":1: column " + (i + 1) + " of " + columns.size()
                        + " in the header has no name; name every column (a trailing delimiter adds an unnamed one)");
            }
            Integer before = seen.putIfAbsent(c, i);
            if (before != null) {
                throw new IllegalArgumentException(name + ":1: the header names columns " + (before + 1) + " and "
                        + (i + 1) + " both " + Excerpt.name(c) + "; give every column a distinct name");
            }
        }
    }

    private static CSVParser parse(CSVFormat format, Reader in, String name) throws IOException {
        try {
            return format.parse(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ":1: bad header: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(name + ":1: malformed header (" + rootMessage(e) + ")", e);
        }
    }

    /**
     * Reads JSON Lines: one JSON object per non-blank line.
     *
     * @param file the file
     * @param charset its encoding
     * @return the table (columns in order of first appearance)
     * @throws IOException when the file cannot be read
     */
    public static Table jsonLines(Path file, Charset charset) throws IOException {
        String name = file.toString();
        List<Table.Row> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        try (BufferedReader in = TextFiles.open(file, charset)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonElement el;
                try {
                    el = JsonParser.parseString(text);
                } catch (JsonParseException e) {
                    throw new IllegalArgumentException(name + ":" + line + ": invalid JSON (" + gsonMessage(e, true) + ")", e);
                }
                rows.add(row(name, line, el, columns));
            }
        }
        return new Table(name, List.copyOf(columns), rows);
    }

    /**
     * Reads a JSON array of objects.
     *
     * @param file the file
     * @param charset its encoding
     * @return the table (columns in order of first appearance)
     * @throws IOException when the file cannot be read
     */
    public static Table jsonArray(Path file, Charset charset) throws IOException {
        String name = file.toString();
        List<Table.Row> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        try (JsonReader in = new JsonReader(TextFiles.open(file, charset))) {
            try {
                if (in.peek() != JsonToken.BEGIN_ARRAY) {
                    throw new IllegalArgumentException(name + ":" + line(in) + ": expected a JSON array of objects");
                }
                in.beginArray();
                while (in.hasNext()) {
                    long line = line(in);
                    rows.add(row(name, line, JsonParser.parseReader(in), columns));
                }
                in.endArray();
            } catch (JsonParseException | IOException e) {
                if (e instanceof IOException io && !(e instanceof com.google.gson.stream.MalformedJsonException)) {
                    throw io;
                }
                throw new IllegalArgumentException(name + ":" + line(in) + ": invalid JSON (" + gsonMessage(e, false) + ")", e);
            }
        }
        return new Table(name, List.copyOf(columns), rows);
    }

    /** Gson only exposes the reader's position through its description. */
    private static long line(JsonReader in) {
        Matcher m = GSON_LINE.matcher(in.toString());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Table.Row row(String name, long line, JsonElement el, Set<String> columns) {
        if (!el.isJsonObject()) {
            throw new IllegalArgumentException(name + ":" + line + ": expected a JSON object, found "
                    + Excerpt.quote(el.toString()));
        }
        JsonObject o = el.getAsJsonObject();
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            columns.add(e.getKey());
            values.put(e.getKey(), value(e.getValue()));
        }
        return new Table.Row(line, values);
    }

    private static Object value(JsonElement el) {
        if (el == null || el.isJsonNull()) {
            return null;
        }
        if (el.isJsonPrimitive()) {
            JsonPrimitive p = el.getAsJsonPrimitive();
            if (p.isNumber()) {
                return p.getAsDouble();
            }
            return p.getAsString();
        }
        if (el.isJsonArray()) {
            JsonArray a = el.getAsJsonArray();
            List<Object> list = new ArrayList<>(a.size());
            a.forEach(x -> list.add(value(x)));
            return list;
        }
        return el.toString();
    }

    /**
     * Gson's message on one line: without its second line (a link to Gson's troubleshooting page) and, for
     * JSON Lines, without "line 1" (Gson parsed a single line; the message already names the file's line).
     */
    private static String gsonMessage(Throwable e, boolean singleLine) {
        String m = String.valueOf(rootMessage(e)).strip().split("\\R", 2)[0];
        return singleLine ? m.replace(" at line 1 column ", " at column ") : m;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
