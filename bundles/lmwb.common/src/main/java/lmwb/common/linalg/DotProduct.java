package lmwb.common.linalg;

/**
 * The dot product of two runs of values in float64, in one fixed summation order: four partial sums, term
 * {@code j} going to sum {@code j mod 4} for the largest multiple of 4 terms and the rest to the first sum,
 * then {@code (s0 + s1) + (s2 + s3)}. Four independent sums let the CPU overlap the additions (the JIT does not
 * reorder a floating-point sum on its own); the fixed order keeps the results, and the golden values of the
 * estimators and probes built on it, the same bit for bit wherever it is called.
 */
public final class DotProduct {
    private DotProduct() {
    }

    /**
     * @param a first vector's array
     * @param ao offset of the first vector in {@code a}
     * @param b second vector's array
     * @param bo offset of the second vector in {@code b}
     * @param len number of terms
     * @return Σ_j a[ao+j]·b[bo+j] in the order described above ({@code 0} for {@code len = 0})
     */
    public static double of(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < len; j++) {
            s0 += a[ao + j] * b[bo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
