package lmwb.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and mis-encoded input (issue 13, items 9-11): files are written here byte by byte, so the line of
 * every bad byte is known by construction; each expected message is the one a user should see.
 */
class InputChecksTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static String error(Path file, DatasetOptions options) {
        return assertThrows(IllegalArgumentException.class, () -> FileDatasetReader.read(file, options)).getMessage();
    }

    /**
     * A CSV of 4,000 records on 4,003 physical lines: record 3 spans lines 4-6 (a quoted field with two line
     * breaks), and line 4002 holds "caf" + Latin-1 0xE9. Reported before at the parser's position (thousands
     * of characters behind the decoder) as "malformed CSV (Input length = 1); check quoting".
     */
    private Path latin1Csv() throws IOException {
        StringBuilder sb = new StringBuilder("text,label\n");
        sb.append("first,pos\n").append("second,neg\n").append("\"a quoted\nfield over\nthree lines\",pos\n");
        for (int line = 7; line < 4002; line++) {
            sb.append("sentence number ").append(line).append(',').append(line % 2 == 0 ? "pos" : "neg").append('\n');
        }
        return write("reviews.csv", bytes(sb, "caf", new byte[] {(byte) 0xE9}, " au lait,pos\n", "last one,neg\n"));
    }

    @Test
    void latin1ByteInUtf8CsvNamesThePhysicalLineAndTheByte() throws IOException {
        Path csv = latin1Csv();
        assertEquals(csv + ":4002: not UTF-8 (byte 0xE9); convert it or pass --encoding latin-1",
                error(csv, DatasetOptions.DEFAULTS));
    }

    @Test
    void encodingOptionReadsTheSameFile() throws IOException {
        Dataset d = FileDatasetReader.read(latin1Csv(), DatasetOptions.DEFAULTS.withEncoding("latin-1"));
        List<Example> ex = d.examples(Split.TRAIN);
        assertEquals(4000, ex.size());
        assertEquals("a quoted\nfield over\nthree lines", ex.get(2).text());
        assertEquals("café au lait", ex.get(3998).text());
    }

    @Test
    void windows1252QuotesGetTheCp1252Hint() throws IOException {
        // 0x93 and 0x94 are Windows-1252's curly double quotes; Latin-1 would make them control characters.
        Path csv = write("quotes.csv", bytes("text,label\r\nplain,a\r\nhe said ", new byte[] {(byte) 0x93}, "hi",
                new byte[] {(byte) 0x94}, ",b\r\n"));
        assertEquals(csv + ":3: not UTF-8 (byte 0x93); convert it or pass --encoding cp1252",
                error(csv, DatasetOptions.DEFAULTS));
        Dataset d = FileDatasetReader.read(csv, DatasetOptions.DEFAULTS.withEncoding("cp1252"));
        assertEquals("he said \u201Chi\u201D", d.examples(Split.TRAIN).get(1).text());
    }

    @Test
    void undecodableBytesInEveryFormatNameTheirLine() throws IOException {
        byte[] e9 = {(byte) 0xE9};
        Path jsonl = write("d.jsonl", bytes("{\"text\": \"ok\", \"label\": \"a\"}\n\n{\"text\": \"caf", e9,
                "\", \"label\": \"b\"}\n"));
        assertEquals(jsonl + ":3: not UTF-8 (byte 0xE9); convert it or pass --encoding latin-1",
                error(jsonl, DatasetOptions.DEFAULTS));
        Path json = write("d.json", bytes("[\n {\"text\": \"ok\", \"label\": \"a\"},\n {\"text\": \"caf", e9,
                "\", \"label\": \"b\"}\n]\n"));
        assertTrue(error(json, DatasetOptions.DEFAULTS).startsWith(json + ":3: not UTF-8 (byte 0xE9)"));
        Path conll = write("d.conll", bytes("EU B-ORG\nrejects O\n\nCaf", e9, " O\n"));
        assertTrue(error(conll, DatasetOptions.DEFAULTS).startsWith(conll + ":4: not UTF-8 (byte 0xE9)"));
        Path tsv = write("d.tsv", bytes("text\tlabel\nok\ta\ncaf", e9, "\tb\n"));
        assertTrue(error(tsv, DatasetOptions.DEFAULTS).startsWith(tsv + ":3: not UTF-8 (byte 0xE9)"));
        // In the first line, where the format is sniffed (this failed as "Input length = 1", no file, no line).
        Path sniffed = write("data", bytes("caf", e9, ",label\n"));
        assertTrue(error(sniffed, DatasetOptions.DEFAULTS).startsWith(sniffed + ":1: not UTF-8 (byte 0xE9)"));
    }

    @Test
    void truncatedUtf8SequenceAtTheEndIsNamed() throws IOException {
        // "é" is C3 A9 in UTF-8; the file ends after C3.
        Path csv = write("cut.csv", bytes("text,label\nok,a\ncaf", new byte[] {(byte) 0xC3}));
        assertEquals(csv + ":3: not UTF-8 (byte 0xC3); convert it or pass --encoding latin-1",
                error(csv, DatasetOptions.DEFAULTS));
    }

    @Test
    void otherEncodingsNameThemselves() throws IOException {
        // 0x81 is one of the five bytes Windows-1252 leaves undefined.
        Path csv = write("w.csv", bytes("text,label\nx", new byte[] {(byte) 0x81}, ",a\n"));
        assertEquals(csv + ":2: not windows-1252 (byte 0x81); convert it or pass the file's encoding with --encoding "
                + "(e.g. utf-8)", error(csv, DatasetOptions.DEFAULTS.withEncoding("cp1252")));
    }

    @Test
    void utf16FileReadsWithItsEncodingAndIsExplainedWithout() throws IOException {
        Path csv = write("u16.csv", "text,label\nnaïve,a\nplain,b\n".getBytes(StandardCharsets.UTF_16));
        assertEquals(csv + ": starts with a UTF-16 byte-order mark but is read as UTF-8; pass --encoding utf-16 or "
                + "convert it to UTF-8", error(csv, DatasetOptions.DEFAULTS));
        Dataset d = FileDatasetReader.read(csv, DatasetOptions.DEFAULTS.withEncoding("utf-16"));
        assertEquals("naïve", d.examples(Split.TRAIN).get(0).text());
    }

    @Test
    void devicesAreRefusedBeforeReading() {
        // Reading /dev/zero ran for 19 s and failed with "Required array length ... is too large".
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertEquals("/dev/zero is a character device, not a regular file; give a dataset file (CSV, TSV, JSON "
                + "Lines, JSON, CoNLL or word/tag) or a directory of train/dev/test files",
                error(zero, DatasetOptions.DEFAULTS));
    }

    /** Opening a FIFO for reading blocks until a writer appears; the timeout only guards against that hang. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void namedPipesAreRefusedWithoutOpeningThem() throws Exception {
        Path fifo = dir.resolve("train.csv");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
        String m = error(fifo, DatasetOptions.DEFAULTS);
        assertTrue(m.startsWith(fifo + " is a named pipe (FIFO), not a regular file;"), m);
    }

    @Test
    void aDirectoryWhereAFileIsExpected() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("train.csv"));
        String m = assertThrows(IllegalArgumentException.class,
                () -> FileDatasetReader.readFile(sub, Split.TRAIN, DatasetOptions.DEFAULTS, new java.util.HashMap<>()))
                .getMessage();
        assertEquals(sub + " is a directory; give a dataset file", m);
    }

    @Test
    void binaryFilesAreRefused() throws IOException {
        Path bin = write("model.csv", bytes("PK", new byte[] {3, 4, 20, 0, 0, 0}, "rest"));
        assertEquals(bin + ": not a text file (a NUL byte at offset 5); give a CSV, TSV, JSON Lines, JSON, CoNLL or "
                + "word/tag file", error(bin, DatasetOptions.DEFAULTS));
    }

    @Test
    void aFileThatIsNoTableIsNotEchoed() throws IOException {
        // What `dataset ../../etc/passwd` read: its first line was printed as the "header" in the error.
        String first = "root:x:0:0:root:/root:/bin/bash";
        Path passwd = write("passwd", bytes(first, "\n", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
                "sync:x:4:65534:sync,extra:/bin:/bin/sync\n"));
        String m = error(passwd, DatasetOptions.DEFAULTS);
        assertEquals(passwd + ":1: the header row has one column; a CSV dataset needs a header row naming a text and "
                + "a label column, separated by commas (e.g. text,label)", m);
        assertFalse(m.contains("root:x"), m);
    }

    @Test
    void messagesQuoteAtMostFortyCharactersOfAField() throws IOException {
        String secret = "s3cr3t-".repeat(20);
        Path conll = write("one.conll", bytes(secret, "\n"));
        String m = error(conll, DatasetOptions.DEFAULTS.withTaskType("token-classification"));
        assertEquals(conll + ":1: found 1 column (\"" + secret.substring(0, 40) + "…\"); CoNLL lines need a word "
                + "and a tag separated by whitespace", m);

        // An escape sequence (clear screen) counts as one character and is shown escaped.
        Path wordTag = write("wt.txt", bytes("The/at jury/nn\nThe/at \u001b[2J" + secret + " x/nn\n"));
        String w = error(wordTag, DatasetOptions.DEFAULTS.withTaskType("token-classification"));
        assertTrue(w.startsWith(wordTag + ":2: token \"\\u001B[2J" + secret.substring(0, 36) + "…\" is not word/tag"), w);

        Path csv = write("wide.csv", bytes("text," + secret + "\nhello,x\n"));
        String c = error(csv, DatasetOptions.DEFAULTS);
        assertEquals(csv + ": cannot find the label column among [text, " + secret.substring(0, 40) + "…]; name it "
                + "label/labels/tag/tags or pass --label-column", c);

        Path split = write("split.csv", bytes("text,label,split\nhello,a,train\nbye,b,\u001b]0;owned\u0007\n"));
        assertEquals(split + ":3: unknown split \"\\u001B]0;owned\\u0007\"; use train, dev (or validation) or test",
                error(split, DatasetOptions.DEFAULTS));

        Path json = write("arr.json", bytes("[{\"text\": \"a\", \"label\": 1}, \"" + secret + "\"]"));
        String j = error(json, DatasetOptions.DEFAULTS);
        assertEquals(json + ":1: expected a JSON object, found \"\"" + secret.substring(0, 39) + "…\"", j);
    }

    @Test
    void invalidJsonLineIsOneBalancedLine() throws IOException {
        // Gson's message, without "line 1" (of the one line it parsed) and without its second line (a link).
        Path jsonl = write("bad.jsonl", bytes("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": }\n"));
        assertEquals(jsonl + ":2: invalid JSON (Expected value at column 24 path $.label)",
                error(jsonl, DatasetOptions.DEFAULTS));
    }

    @Test
    void labelsMixingNumbersAndStringsSayWhatWasFound() throws IOException {
        // 12 numeric labels (lines 1-12) and 30 string labels (lines 13-42), as in the issue.
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 42; i++) {
            sb.append("{\"text\": \"row ").append(i).append("\", \"label\": ")
                    .append(i <= 12 ? String.valueOf(i % 2) : i % 2 == 0 ? "\"pos\"" : "\"neg\"").append("}\n");
        }
        Path jsonl = write("mixed.jsonl", bytes(sb));
        assertEquals(jsonl + ": label column 'label' mixes numbers (12 rows, e.g. line 1: 1) and strings (30 rows, "
                + "e.g. line 13: \"neg\"); use one type", error(jsonl, DatasetOptions.DEFAULTS));
    }

    @Test
    void labelsMixingTagListsAndSingleLabelsSayWhatWasFound() throws IOException {
        // Was: "task token-classification needs words with one tag each, but this row has one label".
        Path jsonl = write("tok.jsonl", bytes("{\"tokens\": [\"EU\", \"rejects\"], \"tags\": [\"B-ORG\", \"O\"]}\n",
                "{\"tokens\": \"Peter Blackburn\", \"tags\": \"PER\"}\n"));
        assertEquals(jsonl + ": label column 'tags' mixes tag lists (1 row, e.g. line 1: [\"B-ORG\", \"O\"]) and "
                + "single labels (1 row, e.g. line 2: \"PER\"); use a list of tags (one per word) in every row for "
                + "token classification, or one label per row", error(jsonl, DatasetOptions.DEFAULTS));
        Path tags = write("tags.jsonl", bytes("{\"tokens\": [\"EU\", \"rejects\"], \"ner_tags\": [3, 0]}\n",
                "{\"tokens\": [\"Peter\"], \"ner_tags\": [\"B-PER\"]}\n"));
        assertEquals(tags + ": label column 'ner_tags' mixes number tags (2 tags, e.g. line 1: 3) and string tags "
                + "(1 tag, e.g. line 2: \"B-PER\"); use one type", error(tags, DatasetOptions.DEFAULTS));
    }

    @Test
    void consistentLabelsOfOneClassNameAreNotAMix() throws IOException {
        // JSON 1 and "1" name the same class; CSV cells are all strings, so "1" and "pos" are two class names.
        Path jsonl = write("same.jsonl", bytes("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": \"1\"}\n",
                "{\"text\": \"c\", \"label\": 0}\n"));
        assertEquals(List.of("0", "1"), FileDatasetReader.read(jsonl, DatasetOptions.DEFAULTS).labelMap().names());
        Path csv = write("classes.csv", bytes("text,label\na,1\nb,pos\n"));
        Dataset d = FileDatasetReader.read(csv, DatasetOptions.DEFAULTS);
        assertEquals(TaskType.TEXT_CLASSIFICATION, d.taskType());
        assertEquals(List.of("1", "pos"), d.labelMap().names());
    }

    @Test
    void unnamedAndRepeatedHeaderColumnsAreNamedNotEchoed() throws IOException {
        // Commons CSV said "A header name is missing in [text, label, ]" (the whole header) for the first; the
        // second read silently, keeping only the last "text" column.
        Path trailing = write("trailing.csv", bytes("text,label,\nhello,a,\n"));
        assertEquals(trailing + ":1: column 3 of 3 in the header has no name; name every column (a trailing "
                + "delimiter adds an unnamed one)", error(trailing, DatasetOptions.DEFAULTS));
        Path twice = write("twice.csv", bytes("text,label,text\nhello,a,bye\n"));
        assertEquals(twice + ":1: the header names columns 1 and 3 both 'text'; give every column a distinct name",
                error(twice, DatasetOptions.DEFAULTS));
    }
}
