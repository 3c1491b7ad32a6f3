package lmwb.datasets.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.data.Split;
import org.junit.jupiter.api.Test;

/** Each reader on hand-written fixtures; expected values are read off the fixture files by eye. */
class FileDatasetReaderTest {
    static final Path DIR = Path.of("src/test/resources/fixtures");

    static Dataset read(String name) throws IOException {
        return FileDatasetReader.read(DIR.resolve(name), DatasetOptions.DEFAULTS);
    }

    static String error(String name, DatasetOptions options) {
        return assertThrows(IllegalArgumentException.class, () -> FileDatasetReader.read(DIR.resolve(name), options)).getMessage();
    }

    @Test
    void csvWithQuotingEmptyTextAndMissingLabel() throws IOException {
        Dataset d = read("sentences.csv");
        assertEquals(TaskType.TEXT_CLASSIFICATION, d.taskType());
        assertEquals(List.of("negative", "positive"), d.labelMap().names());
        List<Example> ex = d.examples(Split.TRAIN);
        assertEquals(4, ex.size());
        assertEquals("Great food, friendly staff.", ex.get(0).text());
        assertEquals(1, ex.get(0).label());
        assertEquals("He said \"wow\" twice.", ex.get(2).text());
        assertEquals(6L, d.report().get("rows.read"));
        assertEquals(1L, d.report().get("dropped.empty_text"));
        assertEquals(1L, d.report().get("dropped.missing_label"));
        assertEquals(4L, d.report().get("examples"));
        assertEquals(0L, d.report().get("column.text=text"));
        assertEquals(1L, d.report().get("column.label=label"));
        assertEquals(1L, d.report().get("format.csv"));
    }

    @Test
    void tsvPairRegressionWithoutQuotingDropsNaN() throws IOException {
        Dataset d = read("sts.tsv");
        assertEquals(TaskType.PAIR_REGRESSION, d.taskType());
        assertEquals(0, d.labelMap().size());
        List<Example> ex = d.examples(Split.TRAIN);
        assertEquals(3, ex.size());
        assertEquals("Kids play \"tag\" outside.", ex.get(2).text());
        assertEquals("Children are playing outside.", ex.get(2).pairText());
        assertEquals(3.25, ex.get(2).target());
        assertEquals(1L, d.report().get("dropped.invalid_target"));
    }

    @Test
    void jsonLinesPairClassificationDropsEmptyPair() throws IOException {
        Dataset d = read("nli.jsonl");
        assertEquals(TaskType.PAIR_CLASSIFICATION, d.taskType());
        assertEquals(List.of("contradiction", "entailment", "neutral"), d.labelMap().names());
        assertEquals(3, d.size());
        assertEquals("Nobody eats.", d.examples(Split.TRAIN).get(1).pairText());
        assertEquals(1L, d.report().get("dropped.empty_pair"));
    }

    @Test
    void jsonArrayWithIntegerLabelsIsClassification() throws IOException {
        Dataset d = read("reviews.json");
        assertEquals(TaskType.TEXT_CLASSIFICATION, d.taskType());
        assertEquals(List.of("0", "1"), d.labelMap().names());
        assertEquals(3, d.size());
        assertEquals(1, d.examples(Split.TRAIN).get(0).label());
    }

    @Test
    void conllSkipsDocstartAndMergesBio() throws IOException {
        Dataset d = read("ner.conll");
        assertEquals(TaskType.TOKEN_CLASSIFICATION, d.taskType());
        assertEquals(List.of("MISC", "O", "ORG", "PER"), d.labelMap().names());
        List<Example> ex = d.examples(Split.TRAIN);
        assertEquals(2, ex.size());
        assertEquals(List.of("EU", "rejects", "German", "call", "."), ex.get(0).words());
        assertArrayEquals(new int[] {2, 1, 0, 1, 1}, ex.get(0).tags());
        assertArrayEquals(new int[] {3, 3}, ex.get(1).tags());
        assertEquals(3L, d.report().get("column.tag=3"));
        assertEquals(1L, d.report().get("format.conll"));
    }

    @Test
    void conllKeepsBioTagsWhenAsked() throws IOException {
        Dataset d = FileDatasetReader.read(DIR.resolve("ner.conll"), DatasetOptions.DEFAULTS.withMergeBio(false));
        assertEquals(List.of("B-MISC", "B-ORG", "B-PER", "I-PER", "O"), d.labelMap().names());
    }

    @Test
    void conllColumnIndexOverride() throws IOException {
        Dataset d = FileDatasetReader.read(DIR.resolve("ner.conll"), DatasetOptions.DEFAULTS.withColumns(null, null, "1"));
        assertEquals(List.of(".", "JJ", "NN", "NNP", "VBZ"), d.labelMap().names());
    }

    @Test
    void wordTagLines() throws IOException {
        Dataset d = read("brownish.txt");
        assertEquals(TaskType.TOKEN_CLASSIFICATION, d.taskType());
        assertEquals(List.of(".", "at", "bedz", "jj", "nn", "pps", "vbd"), d.labelMap().names());
        assertEquals("The jury said .", d.examples(Split.TRAIN).get(0).text());
        assertEquals(2, d.size());
    }

    @Test
    void jsonTokenListsMergeBio() throws IOException {
        Dataset d = read("tokens.jsonl");
        assertEquals(TaskType.TOKEN_CLASSIFICATION, d.taskType());
        assertEquals(List.of("LOC", "O", "PER"), d.labelMap().names());
        assertArrayEquals(new int[] {0, 0, 1, 1}, d.examples(Split.TRAIN).get(1).tags());
    }

    @Test
    void splitColumn() throws IOException {
        Dataset d = read("with_split.csv");
        assertEquals(2, d.examples(Split.TRAIN).size());
        assertEquals("three", d.examples(Split.DEV).get(0).text());
        assertEquals("four", d.examples(Split.TEST).get(0).text());
    }

    @Test
    void siblingSplitFiles() throws IOException {
        Dataset d = read("splitdir");
        assertEquals(3, d.examples(Split.TRAIN).size());
        assertEquals(1, d.examples(Split.DEV).size());
        assertEquals(2, d.examples(Split.TEST).size());
        assertEquals(List.of("x", "y"), d.labelMap().names());
    }

    @Test
    void overridesTaskTypeAndColumns() throws IOException {
        Dataset d = FileDatasetReader.read(DIR.resolve("reviews.json"),
                DatasetOptions.DEFAULTS.withTaskType("text-regression").withColumns("review", null, "id"));
        assertEquals(TaskType.TEXT_REGRESSION, d.taskType());
        assertEquals(8.0, d.examples(Split.TRAIN).get(1).target());
        assertNull(d.examples(Split.TRAIN).get(1).pairText());
    }

    @Test
    void badQuotingNamesFileLineAndProblem() {
        String m = error("malformed/bad_quote.csv", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("bad_quote.csv:3"), m);
        assertTrue(m.contains("malformed CSV"), m);
        String junk = error("malformed/junk_after_quote.csv", DatasetOptions.DEFAULTS);
        assertTrue(junk.contains("junk_after_quote.csv:3: malformed CSV"), junk);
    }

    @Test
    void raggedCsv() {
        String m = error("malformed/ragged.csv", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("ragged.csv:3: expected 2 fields"), m);
    }

    @Test
    void missingLabelColumnListsColumns() {
        String m = error("malformed/missing_label.csv", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("missing_label.csv: cannot find the label column among [text, notes]"), m);
        assertTrue(m.contains("--label-column"), m);
        String t = error("malformed/no_text_column.csv", DatasetOptions.DEFAULTS);
        assertTrue(t.contains("cannot find the text column among [id, html, polarity]"), t);
    }

    @Test
    void unknownOverrideColumn() {
        String m = error("sentences.csv", DatasetOptions.DEFAULTS.withColumns("body", null, null));
        assertTrue(m.contains("no column 'body'; columns are [text, label]"), m);
    }

    @Test
    void ambiguousColumnsAreListed() {
        String m = error("malformed/ambiguous.csv", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("ambiguous.csv: ambiguous text column: [text, sentence]"), m);
        assertTrue(m.contains("--text-column"), m);
    }

    @Test
    void raggedConll() {
        String m = error("malformed/ragged.conll", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("ragged.conll:4: found 3 columns but line 1 has 2"), m);
        String one = error("malformed/one_column.conll", DatasetOptions.DEFAULTS);
        assertTrue(one.contains("one_column.conll:2: found 1 columns"), one);
    }

    @Test
    void nonNumericRegressionTarget() {
        String m = error("malformed/non_numeric.tsv", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("non_numeric.tsv:4: regression target \"high\" is not a number"), m);
    }

    @Test
    void badWordTagToken() {
        String m = error("malformed/bad_word_tag.txt", DatasetOptions.DEFAULTS.withTaskType("token-classification"));
        assertTrue(m.contains("bad_word_tag.txt:2: token \"said\" is not word/tag"), m);
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        Dataset d = read("bom.csv");
        assertEquals("with a byte-order mark", d.examples(Split.TRAIN).get(0).text());
        assertEquals(0L, d.report().get("column.text=sentence"));
    }

    @Test
    void invalidJsonArrayElement() {
        String m = error("malformed/bad_array.json", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("bad_array.json:3: invalid JSON"), m);
    }

    @Test
    void invalidJsonLine() {
        String m = error("malformed/bad.jsonl", DatasetOptions.DEFAULTS);
        assertTrue(m.contains("bad.jsonl:2: invalid JSON"), m);
    }

    @Test
    void tokenTaskOnSentenceFileIsRejected() {
        String m = error("sentences.csv", DatasetOptions.DEFAULTS.withTaskType("token-classification"));
        assertTrue(m.contains("sentences.csv:2: task token-classification needs words"), m);
    }
}
