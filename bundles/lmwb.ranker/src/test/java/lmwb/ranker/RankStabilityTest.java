package lmwb.ranker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import lmwb.api.CancellationToken;
import lmwb.ranker.RankStability.Report;
import org.junit.jupiter.api.Test;

/** The bootstrap of issue 18 part 3 on scorers whose behaviour is known exactly (means of per-row values). */
class RankStabilityTest {
    private static final int ROWS = 200;

    /** Per candidate, one value per row; the candidate's score on a resample is the mean of its rows' values. */
    private static double[][] values(double... offsets) {
        SplittableRandom random = new SplittableRandom(3);
        double[][] v = new double[offsets.length][ROWS];
        for (int i = 0; i < ROWS; i++) {
            double shared = random.nextDouble();
            for (int c = 0; c < offsets.length; c++) {
                v[c][i] = offsets[c] + shared + 0.5 * random.nextDouble();
            }
        }
        return v;
    }

    private static double mean(double[] v, int[] rows) {
        return Arrays.stream(rows).mapToDouble(i -> v[i]).average().orElseThrow();
    }

    private static Report run(double[][] v, int[] strata, int resamples, long seed) {
        double[] full = new double[v.length];
        int[] all = new int[ROWS];
        Arrays.setAll(all, i -> i);
        for (int c = 0; c < v.length; c++) {
            full[c] = mean(v[c], all);
        }
        List<String> names = List.of("a", "b", "c").subList(0, v.length);
        return RankStability.bootstrap(names, full, strata, ROWS, resamples, seed, (c, rows) -> mean(v[c], rows),
                CancellationToken.NONE);
    }

    @Test
    void clearlySeparatedCandidatesAreStable() {
        Report r = run(values(1.0, 0.0), null, 200, 42);
        assertEquals(1.0, r.candidates().get(0).firstShare());
        assertEquals(0.0, r.candidates().get(1).firstShare());
        assertTrue(r.unstable().isEmpty(), r.unstable().toString());
        for (var c : r.candidates()) {
            assertTrue(c.low() <= c.mean() && c.mean() <= c.high(), c.toString());
            assertTrue(c.low() < c.score() && c.score() < c.high(), "the full-data score lies inside its interval: " + c);
        }
    }

    @Test
    void nearlyEqualCandidatesAreReportedAsSwapping() {
        Report r = run(values(0.0, 0.0), null, 400, 42);
        assertEquals(1, r.unstable().size(), r.toString());
        double share = r.unstable().get(0).share();
        assertTrue(share > 0.05 && share < 0.95, "equal offsets, 0.14 independent noise per row: the order flips often: " + share);
        assertEquals(1.0, r.candidates().get(0).firstShare() + r.candidates().get(1).firstShare(), 1e-12);
        assertEquals(1 - share, r.candidates().get(0).firstShare(), 1e-12, "with two candidates, first = not flipped");
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedAnotherOne() {
        double[][] v = values(0.01, 0.0, 0.02);
        assertEquals(run(v, null, 50, 7), run(v, null, 50, 7));
        assertTrue(!run(v, null, 50, 7).equals(run(v, null, 50, 8)));
    }

    @Test
    void classStratifiedResamplesKeepEveryClassCount() {
        int[] strata = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            strata[i] = i < 10 ? 2 : i % 2; // class 2 is rare: 10 rows
        }
        int[] expected = new int[3];
        for (int s : strata) {
            expected[s]++;
        }
        RankStability.bootstrap(List.of("a"), new double[] {0}, strata, ROWS, 100, 1, (c, rows) -> {
            int[] counts = new int[3];
            for (int i : rows) {
                counts[strata[i]]++;
            }
            assertEquals(Arrays.toString(expected), Arrays.toString(counts));
            return 0;
        }, CancellationToken.NONE);
    }

    @Test
    void constantScoresHaveAPointIntervalAndNonFiniteScoresRankLast() {
        Report r = RankStability.bootstrap(List.of("nan", "one"), new double[] {Double.NaN, 1}, null, ROWS, 20, 1,
                (c, rows) -> c == 0 ? Double.NaN : 1.0, CancellationToken.NONE);
        assertEquals(1.0, r.candidates().get(1).low());
        assertEquals(1.0, r.candidates().get(1).high());
        assertEquals(1.0, r.candidates().get(1).firstShare());
        assertTrue(Double.isNaN(r.candidates().get(0).mean()));
    }

    /** numpy.percentile([1, 2, 3, 4], 2.5) = 1.075 and 97.5 → 3.925 (linear interpolation). */
    @Test
    void percentilesInterpolateLikeNumpy() {
        assertEquals(1.075, RankStability.percentile(new double[] {1, 2, 3, 4}, 0.025), 1e-12);
        assertEquals(3.925, RankStability.percentile(new double[] {1, 2, 3, 4}, 0.975), 1e-12);
    }

    @Test
    void refusesNoResamplesAndHonoursCancellation() {
        assertThrows(IllegalArgumentException.class, () -> run(values(0, 1), null, 0, 1));
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();
        assertThrows(RuntimeException.class, () -> RankStability.bootstrap(List.of("a"), new double[] {0}, null, ROWS, 5, 1,
                (c, rows) -> 0, cancelled));
    }
}
