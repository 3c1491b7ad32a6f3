package lmwb.datasets.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Split;
import org.junit.jupiter.api.Test;

/** Seeded, stratified dev/test carving on 200 generated rows (labels a:b = 1:3). */
class SeededSplitterTest {
    static Dataset data() {
        List<RawExample> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(RawExample.sentence("t", i + 1, Split.TRAIN, "t" + i, null, i % 4 == 0 ? "a" : "b"));
        }
        return DatasetAssembler.assemble("t", rows, DatasetOptions.DEFAULTS, Map.of());
    }

    @Test
    void stratifiedAndSeeded() {
        Dataset d = SeededSplitter.split(data(), 0.1, 0.2, 11);
        assertEquals(140, d.examples(Split.TRAIN).size());
        assertEquals(20, d.examples(Split.DEV).size());
        assertEquals(40, d.examples(Split.TEST).size());
        assertEquals(5, d.examples(Split.DEV).stream().filter(e -> e.label() == 0).count(), "a quarter of dev is class a");
        assertEquals(10, d.examples(Split.TEST).stream().filter(e -> e.label() == 0).count());
        assertEquals(200, new HashSet<>(d.allExamples().stream().map(e -> e.text()).toList()).size(), "no example lost or repeated");
        assertEquals(d.contentHash(), SeededSplitter.split(data(), 0.1, 0.2, 11).contentHash());
        assertNotEquals(d.contentHash(), SeededSplitter.split(data(), 0.1, 0.2, 12).contentHash());
    }

    @Test
    void existingSplitsAreKept() {
        Dataset once = SeededSplitter.split(data(), 0.1, 0.1, 1);
        assertSame(once, SeededSplitter.split(once, 0.3, 0.3, 2));
        assertThrows(IllegalArgumentException.class, () -> SeededSplitter.split(data(), 0.5, 0.5, 1));
    }
}
