package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against values computed by hand (shown next to each). */
class MetricsTest {
    // gold 0 0 1 1 1 2, pred 0 1 1 1 0 2
    private static final int[] GOLD = {0, 0, 1, 1, 1, 2};
    private static final int[] PRED = {0, 1, 1, 1, 0, 2};

    @Test
    void accuracyAndF1() {
        assertEquals(4.0 / 6, Metrics.accuracy(GOLD, PRED), 1e-12);
        // class 0: tp 1 fp 1 fn 1 → F1 0.5; class 1: tp 2 fp 1 fn 1 → 2/3; class 2: tp 1 → 1. Macro = (0.5+2/3+1)/3.
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, Metrics.macroF1(GOLD, PRED, 3), 1e-12);
        assertEquals(4.0 / 6, Metrics.microF1(GOLD, PRED), 1e-12);
    }

    @Test
    void binaryMccMatchesTheTwoByTwoFormula() {
        // tp 2, tn 3, fp 1, fn 2: (tp tn − fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (6−2)/sqrt(3·4·4·5) = 0.2582
        int[] gold = {1, 1, 1, 1, 0, 0, 0, 0};
        int[] pred = {1, 1, 0, 0, 0, 0, 0, 1};
        assertEquals(4 / Math.sqrt(3 * 4 * 4 * 5), Metrics.mcc(gold, pred, 2), 1e-12);
        // Always predicting one class: undefined, reported as 0.
        assertEquals(0, Metrics.mcc(gold, new int[8], 2), 0);
        // Perfectly wrong: −1.
        int[] wrong = {0, 0, 0, 0, 1, 1, 1, 1};
        assertEquals(-1, Metrics.mcc(gold, wrong, 2), 1e-12);
    }

    @Test
    void multiClassMcc() {
        // Gorodkin R_K for GOLD/PRED: c = 4, s = 6, t = (2, 3, 1), p = (2, 3, 1):
        // (4·6 − (4+9+1)) / (sqrt(36 − 14) · sqrt(36 − 14)) = 10 / 22
        assertEquals(10.0 / 22, Metrics.mcc(GOLD, PRED, 3), 1e-12);
    }

    @Test
    void correlations() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 5};
        // Pearson: mean 3 both, Σdx·dy = (−2)(−1)+(−1)(−2)+0+1·0+2·2 = 8, Σdx² = Σdy² = 10 → 0.8
        assertEquals(0.8, Metrics.pearson(x, y), 1e-12);
        // Spearman on ranks (already ranks): same as Pearson here → 0.8
        assertEquals(0.8, Metrics.spearman(x, y), 1e-12);
        // Spearman is rank-based: a monotone transform of y keeps it.
        double[] y3 = {8, 1, 64, 27, 125};
        assertEquals(0.8, Metrics.spearman(x, y3), 1e-12);
        assertEquals((1 + 1 + 1 + 1 + 0) / 5.0, Metrics.mse(x, y), 1e-12);
    }

    @Test
    void spanF1CountsWholeSpans() {
        List<List<String>> gold = List.of(List.of("B-PER", "I-PER", "O", "B-LOC"), List.of("B-ORG", "O"));
        // sentence 1: PER span right, LOC span predicted as PER (wrong type); sentence 2: ORG cut short → wrong span.
        List<List<String>> pred = List.of(List.of("B-PER", "I-PER", "O", "B-PER"), List.of("B-ORG", "I-ORG"));
        // gold spans 3, predicted spans 3, correct 1 → F1 = 2·1/(3+3) = 1/3
        assertEquals(1.0 / 3, Metrics.spanF1(gold, pred), 1e-12);
        // An I- tag that starts a span (conlleval): I-PER I-PER is one PER span.
        assertEquals(1.0, Metrics.spanF1(List.of(List.of("B-PER", "I-PER")), List.of(List.of("I-PER", "I-PER"))),
                1e-12);
    }

    @Test
    void meanAndSampleStd() {
        double[] ms = Metrics.meanStd(new double[] {1, 2, 3, 4});
        assertEquals(2.5, ms[0], 1e-12);
        // sample variance = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3
        assertEquals(Math.sqrt(5.0 / 3), ms[1], 1e-12);
    }
}
