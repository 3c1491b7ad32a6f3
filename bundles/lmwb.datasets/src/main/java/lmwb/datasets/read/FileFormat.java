package lmwb.datasets.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The file formats lmwb reads, and their detection by extension and content. */
public enum FileFormat {
    /** Comma-separated values with a header row. */
    CSV,
    /** Tab-separated values with a header row, no quoting. */
    TSV,
    /** One JSON object per line. */
    JSON_LINES,
    /** A JSON array of objects. */
    JSON_ARRAY,
    /** CoNLL columns: word ... tag per line, blank line between sentences. */
    CONLL,
    /** CoNLL-U: ten columns, comments, FORM and UPOS used. */
    CONLLU,
    /** One sentence per line of {@code word/tag} tokens. */
    WORD_TAG;

    private static final Pattern WORD_TAG_TOKEN = Pattern.compile("[^\\s/]\\S*/[^\\s/]+");
    private static final int SNIFF_LINES = 200;

    /**
     * Detects a file's format: the extension decides for {@code .csv}, {@code .jsonl}/{@code .ndjson},
     * {@code .json}, {@code .conll}/{@code .conllu}/{@code .bio}/{@code .iob}; a {@code .tsv} file is CoNLL
     * when its first line is not a header of known column names and blank lines separate groups of lines;
     * any other extension is sniffed from the first lines.
     *
     * @param file the file
     * @param charset its encoding
     * @return its format
     * @throws IOException when it cannot be read
     */
    public static FileFormat detect(Path file, Charset charset) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        List<String> head = head(file, charset);
        switch (ext) {
            case "csv":
                return CSV;
            case "jsonl", "ndjson":
                return JSON_LINES;
            case "json":
                return firstChar(head) == '[' ? JSON_ARRAY : JSON_LINES;
            case "conllu":
                return CONLLU;
            case "conll", "bio", "iob", "iob2", "bioes":
                return CONLL;
            case "tsv":
                return looksLikeConll(head) && !looksLikeHeader(head) ? CONLL : TSV;
            default:
                return sniff(head);
        }
    }

    private static FileFormat sniff(List<String> head) {
        char c = firstChar(head);
        if (c == '[') {
            return JSON_ARRAY;
        }
        if (c == '{') {
            return JSON_LINES;
        }
        if (head.stream().anyMatch(l -> l.startsWith("-DOCSTART-"))) {
            return CONLL;
        }
        List<String> nonBlank = head.stream().filter(l -> !l.isBlank()).toList();
        if (!nonBlank.isEmpty() && wordTagLine(nonBlank.get(0))) {
            return WORD_TAG;
        }
        if (looksLikeConll(head) && !looksLikeHeader(head)) {
            return CONLL;
        }
        String first = nonBlank.isEmpty() ? "" : nonBlank.get(0);
        return first.contains("\t") ? TSV : CSV;
    }

    /** A line of at least two tokens, all {@code word/tag}. */
    private static boolean wordTagLine(String line) {
        String[] t = line.strip().split("\\s+");
        return t.length >= 2 && java.util.Arrays.stream(t).allMatch(x -> WORD_TAG_TOKEN.matcher(x).matches());
    }

    /** Blank lines between non-blank ones, and non-blank lines of 2 to 10 whitespace-separated fields. */
    private static boolean looksLikeConll(List<String> head) {
        boolean seenText = false;
        boolean interiorBlank = false;
        boolean pendingBlank = false;
        for (String l : head) {
            if (l.isBlank()) {
                pendingBlank = seenText;
                continue;
            }
            if (pendingBlank) {
                interiorBlank = true;
            }
            seenText = true;
            int n = l.strip().split("\\s+").length;
            if (n < 2 || n > 10) {
                return false;
            }
        }
        return interiorBlank;
    }

    private static boolean looksLikeHeader(List<String> head) {
        String first = head.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        for (String f : first.strip().split("\\s+")) {
            String k = f.toLowerCase(Locale.ROOT);
            if (ColumnDetector.TEXT.contains(k) || ColumnDetector.LABEL.contains(k) || ColumnDetector.PAIR.contains(k)) {
                return true;
            }
        }
        return false;
    }

    private static char firstChar(List<String> head) {
        for (String l : head) {
            String s = l.strip();
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1).strip();
            }
            if (!s.isEmpty()) {
                return s.charAt(0);
            }
        }
        return 0;
    }

    private static List<String> head(Path file, Charset charset) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = TextFiles.open(file, charset)) {
            String l;
            while (lines.size() < SNIFF_LINES && (l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        return lines;
    }
}
