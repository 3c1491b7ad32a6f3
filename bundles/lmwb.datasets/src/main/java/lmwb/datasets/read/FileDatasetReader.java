package lmwb.datasets.read;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;

/**
 * Reads a user's dataset from a file or a directory. A directory holds sibling files per split
 * ({@code train.*}; {@code dev.*}, {@code validation.*}, {@code valid.*} or {@code val.*};
 * {@code test.*}), or a single data file. A table may carry a {@code split} column instead. Everything
 * else is {@link Split#TRAIN}.
 */
public final class FileDatasetReader {

    private FileDatasetReader() {
    }

    /**
     * @param path a file or directory
     * @param options column and task overrides (downsampling is not applied here)
     * @return the dataset
     * @throws IOException when a file cannot be read
     * @throws IllegalArgumentException when the data is malformed (file, line and problem in the message)
     */
    public static Dataset read(Path path, DatasetOptions options) throws IOException {
        TextFiles.requireFileOrDirectory(path);
        Map<Split, Path> files = new EnumMap<>(Split.class);
        if (Files.isDirectory(path)) {
            files.putAll(splitFiles(path));
        } else {
            files.put(Split.TRAIN, path);
        }
        List<RawExample> rows = new ArrayList<>();
        Map<String, Long> notes = new LinkedHashMap<>();
        for (Map.Entry<Split, Path> e : files.entrySet()) {
            rows.addAll(readFile(e.getValue(), e.getKey(), options, notes));
        }
        return DatasetAssembler.assemble(path.toString(), rows, options, notes);
    }

    /**
     * @param file one data file
     * @param split the split its rows belong to unless a {@code split} column says otherwise
     * @param options overrides and the file's encoding ({@link DatasetOptions#charset()})
     * @param notes receives {@code format.<format>} (files per format) and the columns used:
     *        {@code column.<role>=<name>} mapped to the column's 0-based index
     * @return its raw rows
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it is not a regular text file, does not decode in the chosen
     *         encoding (the message names the physical line and the bytes), or is malformed
     */
    public static List<RawExample> readFile(Path file, Split split, DatasetOptions options, Map<String, Long> notes)
            throws IOException {
        TextFiles.requireFileOrDirectory(file);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory; give a dataset file");
        }
        Charset charset = options.charset();
        TextFiles.requireText(file, charset);
        try {
            return readText(file, charset, split, options, notes);
        } catch (IOException | RuntimeException e) {
            if (UndecodableBytes.causedBy(e)) {
                throw UndecodableBytes.explain(file, charset, e);
            }
            throw e;
        }
    }

    private static List<RawExample> readText(Path file, Charset charset, Split split, DatasetOptions options,
            Map<String, Long> notes) throws IOException {
        FileFormat format = FileFormat.detect(file, charset);
        String source = file.toString();
        notes.merge("format." + format.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
        switch (format) {
            case CONLL, CONLLU:
                try (Reader in = TextFiles.open(file, charset)) {
                    return TokenFileReader.conll(source, in, split, options, format == FileFormat.CONLLU, notes);
                }
            case WORD_TAG:
                try (Reader in = TextFiles.open(file, charset)) {
                    return TokenFileReader.wordTag(source, in, split);
                }
            case CSV:
                return rows(TableReader.delimited(file, false, charset), split, options, notes);
            case TSV:
                return rows(TableReader.delimited(file, true, charset), split, options, notes);
            case JSON_LINES:
                return rows(TableReader.jsonLines(file, charset), split, options, notes);
            case JSON_ARRAY:
                return rows(TableReader.jsonArray(file, charset), split, options, notes);
            default:
                throw new IllegalStateException("unhandled format " + format);
        }
    }



    /**
     * Turns table rows into raw examples using the detected columns. A row whose text or label is a JSON
     * array is token-level (words and one tag each).
     *
     * @param table the table
     * @param split the default split
     * @param options overrides
     * @param notes receives {@code column.<role>=<name>} mapped to the column's 0-based index
     * @return the rows
     */
    public static List<RawExample> rows(Table table, Split split, DatasetOptions options, Map<String, Long> notes) {
        ColumnDetector.Columns cols = ColumnDetector.detect(table.source(), table.columns(), options);
        note(notes, table, "text", cols.text());
        note(notes, table, "pair", cols.pair());
        note(notes, table, "label", cols.label());
        note(notes, table, "split", cols.split());
        LabelKinds.of(table, cols.label()).check();
        List<RawExample> rows = new ArrayList<>(table.rows().size());
        for (Table.Row row : table.rows()) {
            String where = table.source() + ":" + row.line();
            Split s = cols.split() == null ? split : split(where, row.values().get(cols.split()));
            Object text = row.values().get(cols.text());
            Object label = row.values().get(cols.label());
            if (text instanceof List<?> || label instanceof List<?>) {
                List<String> words = new ArrayList<>();
                if (text instanceof List<?> l) {
                    l.forEach(w -> words.add(w == null ? "" : cell(w)));
                } else if (text != null) {
                    words.addAll(List.of(cell(text).strip().split("\\s+")));
                }
                if (!(label instanceof List<?> tags)) {
                    throw new IllegalArgumentException(where + ": column " + Excerpt.name(cols.text())
                            + " holds a word list but " + Excerpt.name(cols.label()) + " is not a list of tags");
                }
                if (tags.size() != words.size()) {
                    throw new IllegalArgumentException(where + ": " + words.size() + " words but " + tags.size()
                            + " tags in " + Excerpt.name(cols.label()));
                }
                rows.add(new RawExample(table.source(), row.line(), s, String.join(" ", words), null, null, words,
                        new ArrayList<>(tags)));
                continue;
            }
            String pair = null;
            if (cols.pair() != null) {
                Object p = row.values().get(cols.pair());
                pair = p == null ? "" : cell(p);
            }
            rows.add(RawExample.sentence(table.source(), row.line(), s, text == null ? null : cell(text), pair, label));
        }
        return rows;
    }

    /**
     * @param where {@code file:line}
     * @param value a split cell
     * @return the split it names
     */
    static Split split(String where, Object value) {
        String v = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "train", "training" -> Split.TRAIN;
            case "dev", "validation", "valid", "val", "development", "devset" -> Split.DEV;
            case "test", "testing" -> Split.TEST;
            default -> throw new IllegalArgumentException(where + ": unknown split " + Excerpt.quote(value)
                    + "; use train, dev (or validation) or test");
        };
    }

    private static void note(Map<String, Long> notes, Table table, String role, String column) {
        if (column != null) {
            notes.put("column." + role + "=" + column, (long) table.columns().indexOf(column));
        }
    }

    private static String cell(Object v) {
        if (v instanceof Number) {
            return DatasetAssembler.labelKey(v);
        }
        if (v instanceof List<?> l) {
            return String.join(" ", l.stream().map(String::valueOf).toList());
        }
        return v.toString();
    }

    private static Map<Split, Path> splitFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        Map<Split, Path> found = new EnumMap<>(Split.class);
        for (Path f : files) {
            String base = f.getFileName().toString().toLowerCase(Locale.ROOT);
            base = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
            Split s = switch (base) {
                case "train", "training" -> Split.TRAIN;
                case "dev", "validation", "valid", "val", "devset" -> Split.DEV;
                case "test", "testing" -> Split.TEST;
                default -> null;
            };
            if (s == null) {
                continue;
            }
            Path before = found.put(s, f);
            if (before != null) {
                throw new IllegalArgumentException(dir + ": two files for the " + s.displayName() + " split: "
                        + before.getFileName() + " and " + f.getFileName() + "; keep one");
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (files.size() == 1) {
            return Map.of(Split.TRAIN, files.get(0));
        }
        throw new IllegalArgumentException(dir + ": cannot tell which files hold the data; name them train.*, dev.* "
                + "(or validation.*) and test.*, or pass one file. Files: "
                + Excerpt.names(files.stream().map(p -> p.getFileName().toString()).toList()));
    }
}
