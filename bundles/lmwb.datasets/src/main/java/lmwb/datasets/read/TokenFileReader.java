package lmwb.datasets.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;

/**
 * Reads token-level files: CoNLL-style columns (one word per line, whitespace-separated columns, a blank
 * line between sentences, {@code -DOCSTART-} lines skipped; CoNLL-U comments and multi-word ranges
 * skipped) and one-sentence-per-line {@code word/tag} files.
 *
 * <p>For CoNLL files the word is column 0 and the tag the last column (CoNLL-U: FORM = 1, UPOS = 3);
 * {@link DatasetOptions#textColumn()} and {@link DatasetOptions#labelColumn()} may name other 0-based
 * column indices.
 */
public final class TokenFileReader {
    private static final Pattern WS = Pattern.compile("\\s+");

    private TokenFileReader() {
    }

    /**
     * @param source file name for messages
     * @param in the content
     * @param split the split these sentences belong to
     * @param options column indices overrides
     * @param conllu whether the file is CoNLL-U (10 columns, comments)
     * @param notes receives {@code column.word=<i>} and {@code column.tag=<i>} with the 0-based indices used
     * @return one row per sentence
     * @throws IOException when reading fails
     */
    public static List<RawExample> conll(String source, Reader in, Split split, DatasetOptions options, boolean conllu,
            Map<String, Long> notes) throws IOException {
        int wordCol = index(source, options.textColumn(), "--text-column", conllu ? 1 : 0);
        int tagCol = index(source, options.labelColumn(), "--label-column", conllu ? 3 : -1);
        List<RawExample> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(in);
        List<String> words = new ArrayList<>();
        List<Object> tags = new ArrayList<>();
        long start = 0;
        long line = 0;
        int columns = -1;
        long columnsLine = 0;
        String text;
        while (true) {
            text = r.readLine();
            line++;
            boolean boundary = text == null || text.isBlank() || text.startsWith("-DOCSTART-");
            if (boundary) {
                if (!words.isEmpty()) {
                    rows.add(RawExample.tagged(source, start, split, words, tags));
                    words = new ArrayList<>();
                    tags = new ArrayList<>();
                }
                if (text == null) {
                    break;
                }
                continue;
            }
            if (conllu && text.startsWith("#")) {
                continue;
            }
            String[] f = text.contains("\t") ? text.strip().split("\t") : WS.split(text.strip());
            if (conllu && (f[0].contains("-") || f[0].contains("."))) {
                continue;
            }
            if (columns < 0) {
                columns = f.length;
                columnsLine = line;
                if (columns < 2) {
                    throw new IllegalArgumentException(source + ":" + line + ": found 1 column ("
                            + Excerpt.quote(text.strip()) + "); CoNLL lines need a word and a tag separated by whitespace");
                }
            } else if (f.length != columns) {
                throw new IllegalArgumentException(source + ":" + line + ": found " + f.length + " columns but line "
                        + columnsLine + " has " + columns + " (ragged CoNLL file)");
            }
            int t = tagCol < 0 ? columns - 1 : tagCol;
            if (wordCol >= columns || t >= columns) {
                throw new IllegalArgumentException(source + ":" + line + ": column index " + Math.max(wordCol, t)
                        + " out of range; the file has " + columns + " columns (0-based)");
            }
            if (words.isEmpty()) {
                start = line;
            }
            notes.putIfAbsent("column.word=" + wordCol, (long) wordCol);
            notes.putIfAbsent("column.tag=" + t, (long) t);
            words.add(f[wordCol]);
            tags.add(f[t]);
        }
        return rows;
    }

    /**
     * Reads {@code word/tag} files: one sentence per line, tokens separated by whitespace, the tag after the
     * last {@code /}.
     *
     * @param source file name for messages
     * @param in the content
     * @param split the split
     * @return one row per sentence
     * @throws IOException when reading fails
     */
    public static List<RawExample> wordTag(String source, Reader in, Split split) throws IOException {
        List<RawExample> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(in);
        String text;
        long line = 0;
        while ((text = r.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] tokens = WS.split(text.strip());
            List<String> words = new ArrayList<>(tokens.length);
            List<Object> tags = new ArrayList<>(tokens.length);
            for (String tok : tokens) {
                int slash = tok.lastIndexOf('/');
                if (slash <= 0 || slash == tok.length() - 1) {
                    throw new IllegalArgumentException(source + ":" + line + ": token " + Excerpt.quote(tok)
                            + " is not word/tag (expected a word, a '/', then a tag)");
                }
                words.add(tok.substring(0, slash));
                tags.add(tok.substring(slash + 1));
            }
            rows.add(RawExample.tagged(source, line, split, words, tags));
        }
        return rows;
    }

    private static int index(String source, String value, String flag, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(value.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": " + flag + " '" + value
                    + "' must be a 0-based column index for CoNLL files", e);
        }
    }
}
