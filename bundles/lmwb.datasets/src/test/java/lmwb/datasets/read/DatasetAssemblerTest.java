package lmwb.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;
import org.junit.jupiter.api.Test;

/** Task inference, label maps, BIO merging and the content hash on rows built in code. */
class DatasetAssemblerTest {

    static RawExample row(String text, Object label) {
        return RawExample.sentence("t.csv", 1, Split.TRAIN, text, null, label);
    }

    static Dataset assemble(List<RawExample> rows) {
        return DatasetAssembler.assemble("t", rows, DatasetOptions.DEFAULTS, Map.of());
    }

    @Test
    void integersAndStringsAreClassificationFractionsRegression() {
        assertEquals(TaskType.TEXT_CLASSIFICATION, assemble(List.of(row("a", 1.0), row("b", 2.0))).taskType());
        assertEquals(TaskType.TEXT_CLASSIFICATION, assemble(List.of(row("a", "3"), row("b", "10"))).taskType());
        assertEquals(TaskType.TEXT_CLASSIFICATION, assemble(List.of(row("a", "pos"), row("b", "neg"))).taskType());
        assertEquals(TaskType.TEXT_REGRESSION, assemble(List.of(row("a", "1"), row("b", "2.5"))).taskType());
        assertEquals(TaskType.PAIR_REGRESSION, assemble(List.of(
                RawExample.sentence("t", 1, Split.TRAIN, "a", "b", 0.25))).taskType());
        assertEquals(TaskType.PAIR_CLASSIFICATION, assemble(List.of(
                RawExample.sentence("t", 1, Split.TRAIN, "a", "b", "yes"))).taskType());
        assertEquals(TaskType.TOKEN_CLASSIFICATION, assemble(List.of(
                RawExample.tagged("t", 1, Split.TRAIN, List.of("a"), List.of("X")))).taskType());
    }

    @Test
    void integerLabelsSortNumericallyStringsLexicographically() {
        assertEquals(List.of("2", "10"), assemble(List.of(row("a", "10"), row("b", "2"))).labelMap().names());
        assertEquals(List.of("10", "2", "x"), assemble(List.of(row("a", "10"), row("b", "2"), row("c", "x"))).labelMap().names());
    }

    @Test
    void bioMergeKeepsOAndStripsPrefixes() {
        assertEquals("PER", DatasetAssembler.mergeBio("B-PER"));
        assertEquals("PER", DatasetAssembler.mergeBio("I-PER"));
        assertEquals("O", DatasetAssembler.mergeBio("O"));
        assertEquals("nn-tl", DatasetAssembler.mergeBio("nn-tl"));
    }

    @Test
    void unknownTaskTypeListsChoices() {
        String m = assertThrows(IllegalArgumentException.class, () -> DatasetAssembler.assemble("t",
                List.of(row("a", "1")), DatasetOptions.DEFAULTS.withTaskType("ranking"), Map.of())).getMessage();
        assertTrue(m.contains("text-classification"), m);
    }

    @Test
    void nothingUsableIsAnError() {
        String m = assertThrows(IllegalArgumentException.class, () -> assemble(List.of(row("", "a")))).getMessage();
        assertTrue(m.contains("no usable examples"), m);
    }

    @Test
    void contentHashIsStableAndSensitive() {
        Dataset a = assemble(List.of(row("good", "pos"), row("bad", "neg")));
        Dataset b = assemble(List.of(row("good", "pos"), row("bad", "neg")));
        assertEquals(a.contentHash(), b.contentHash());
        // Pinned: computed independently with Python (hashlib + struct) from the byte layout documented on
        // ContentHash (version lmwb-dataset-v1, labels [neg, pos], TRAIN: good->1, bad->0, targets NaN bits
        // 0x7ff8000000000000). A change here changes every cache key: bump ContentHash.VERSION deliberately.
        assertEquals("sha256:" + PINNED, a.contentHash());
        assertNotEquals(a.contentHash(), assemble(List.of(row("good", "pos"), row("bad!", "neg"))).contentHash());
        assertNotEquals(a.contentHash(), assemble(List.of(row("bad", "neg"), row("good", "pos"))).contentHash());
        Dataset renamed = DatasetAssembler.assemble("other name", List.of(row("good", "pos"), row("bad", "neg")),
                DatasetOptions.DEFAULTS, Map.of());
        assertEquals(a.contentHash(), renamed.contentHash());
    }

    static final String PINNED = "f1415333f3654994eb901981944c978e1c2859207d8a14425d8189ce185acde2";

    @Test
    void stratifiedDownsamplingKeepsProportionsAndIsSeeded() {
        List<RawExample> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(row("t" + i, i % 3 == 0 ? "a" : "b"));
        }
        Dataset full = assemble(rows);
        Dataset half = Downsampler.apply(full, 0.5, 7);
        assertEquals(150, half.size());
        long a = half.allExamples().stream().filter(e -> e.label() == 0).count();
        assertEquals(50, a, "class a is a third of the data and keeps a third");
        assertEquals(half.allExamples(), Downsampler.apply(full, 0.5, 7).allExamples());
        assertEquals(half.contentHash(), Downsampler.apply(full, 0.5, 7).contentHash());
        assertNotEquals(half.allExamples(), Downsampler.apply(full, 0.5, 8).allExamples());
        Dataset count = Downsampler.apply(full, 30, 7);
        assertEquals(30, count.size());
        assertEquals(10, count.allExamples().stream().filter(e -> e.label() == 0).count());
        assertEquals(300L, count.report().get("downsample.from"));
        assertTrue(Downsampler.apply(full, 1.0, 7) == full);
    }

    @Test
    void downsamplingKeepsOrderAndSplitsProportionally() {
        List<RawExample> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            rows.add(RawExample.sentence("t", i + 1, Split.TRAIN, "tr" + i, null, 0.5 + i));
        }
        for (int i = 0; i < 20; i++) {
            rows.add(RawExample.sentence("t", i + 1, Split.TEST, "te" + i, null, 0.5 + i));
        }
        Dataset d = Downsampler.apply(assemble(rows), 10, 1);
        assertEquals(8, d.examples(Split.TRAIN).size());
        assertEquals(2, d.examples(Split.TEST).size());
        List<Double> targets = d.examples(Split.TRAIN).stream().map(e -> e.target()).toList();
        assertEquals(targets.stream().sorted().toList(), targets);
    }

    @Test
    void largestRemainder() {
        assertEquals(List.of(4, 3, 3), java.util.Arrays.stream(Downsampler.largestRemainder(new int[] {10, 10, 10}, 10)).boxed().toList());
        assertEquals(List.of(1, 9), java.util.Arrays.stream(Downsampler.largestRemainder(new int[] {10, 90}, 10)).boxed().toList());
    }
}
