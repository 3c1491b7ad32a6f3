package lmwb.diagnostics.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import org.junit.jupiter.api.Test;

/** Exact and near duplicates with different labels, on fixtures whose cosines are worked out in the comments. */
class DuplicateSearchTest {
    @Test
    void exactDuplicatesWithDifferentLabelsWithinAndAcross() {
        List<String> texts = List.of("good", "bad", "good", "good", "fine");
        List<String> labels = List.of("pos", "neg", "neg", "pos", "pos");
        // "good" at 0 (pos), 2 (neg), 3 (pos): the pairs (0,2) and (2,3) conflict, (0,3) agrees
        assertEquals(List.of(new DuplicateSearch.Pair(0, 2, 1.0, true), new DuplicateSearch.Pair(2, 3, 1.0, true)),
                DuplicateSearch.exact(texts, labels, null, null));
        // across: "good"/pos of A against B's "good"/neg; "fine" matches with the same label
        assertEquals(List.of(new DuplicateSearch.Pair(0, 1, 1.0, true), new DuplicateSearch.Pair(3, 1, 1.0, true)),
                DuplicateSearch.exact(List.of("good", "bad", "x", "good"), List.of("pos", "neg", "pos", "pos"), List.of("fine", "good"),
                        List.of("pos", "neg")));
    }

    /**
     * Rows (1, 0), (0.96, 0.28) (cos = 0.96), (0.6, 0.8) (cos with row 0 = 0.6, with row 1 = 0.8): at threshold
     * 0.95 only rows 0 and 1 are near duplicates, and they conflict only when their labels differ; identical
     * texts are left to the exact search.
     */
    @Test
    void nearDuplicatesAboveTheThresholdWithDifferentLabels() {
        FloatMatrix m = FloatMatrix.ofRows(new float[][] {{2f, 0f}, {0.96f, 0.28f}, {0.6f, 0.8f}});
        List<DuplicateSearch.Pair> pairs = DuplicateSearch.near(m, List.of("a", "b", "a"), List.of("t0", "t1", "t2"), null, null, null,
                0.95, CancellationToken.NONE);
        assertEquals(1, pairs.size());
        assertEquals(0, pairs.get(0).a());
        assertEquals(1, pairs.get(0).b());
        assertEquals(0.96, pairs.get(0).cosine(), 1e-6);
        assertEquals(List.of(), DuplicateSearch.near(m, List.of("a", "a", "b"), List.of("t0", "t1", "t2"), null, null, null, 0.95,
                CancellationToken.NONE), "same labels: no conflict; 0.8 is below the threshold");
        assertEquals(List.of(), DuplicateSearch.near(m, List.of("a", "b", "a"), List.of("t", "t", "t2"), null, null, null, 0.95,
                CancellationToken.NONE), "identical texts are exact duplicates, not near ones");
        List<DuplicateSearch.Pair> across = DuplicateSearch.near(m, List.of("a", "b", "a"), List.of("t0", "t1", "t2"),
                FloatMatrix.ofRows(new float[][] {{0.8f, 0.6f}}), List.of("b"), List.of("u0"), 0.79, CancellationToken.NONE);
        // cosines with (0.8, 0.6): row 0 0.8 (a vs b: conflict), row 1 0.936 (b vs b: none), row 2 0.96 (a vs b: conflict)
        assertEquals(List.of(0, 2), across.stream().map(DuplicateSearch.Pair::a).toList());
    }
}
