package lmwb.common.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DotProductTest {
    private static final double TWO_53 = 0x1p53;

    /**
     * Terms 2^53, 1, 1, 1, 1 (the fifth goes to the first partial sum): s0 = 2^53 + 1, which rounds to 2^53 (a tie
     * between 2^53 and 2^53 + 2, to the even one); s1 = s2 = s3 = 1; (s0 + s1) rounds to 2^53 again, (s2 + s3) = 2,
     * total 2^53 + 2. A left-to-right sum would give 2^53 (every + 1 is lost), the exact sum is 2^53 + 4: only the
     * documented order gives 2^53 + 2. Worked out by hand from IEEE 754 round-half-to-even.
     */
    @Test
    void sumsInFourPartialSumsWithTheRestInTheFirst() {
        double[] a = {TWO_53, 1, 1, 1, 1};
        double[] ones = {1, 1, 1, 1, 1};
        assertEquals(TWO_53 + 2, DotProduct.of(a, 0, ones, 0, 5));
    }

    /** Offsets select the runs: [3, 4] · [5, 6] = 39 (exact in float64), and an empty run is 0. */
    @Test
    void readsTheRunsAtTheirOffsets() {
        double[] a = {9, 9, 3, 4};
        double[] b = {5, 6, 9};
        assertEquals(39.0, DotProduct.of(a, 2, b, 0, 2));
        assertEquals(0.0, DotProduct.of(a, 1, b, 1, 0));
    }
}
