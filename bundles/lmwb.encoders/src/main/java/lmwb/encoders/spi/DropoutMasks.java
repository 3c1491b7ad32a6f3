package lmwb.encoders.spi;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * A training run's own source of dropout masks: inverted dropout (each value kept with probability
 * {@code 1 − p} and scaled by {@code 1 / (1 − p)}, as PyTorch's {@code dropout}) drawn from a generator seeded
 * from the run, never from libtorch's process-wide generator, so two trainings in one runtime do not disturb
 * each other's randomness. The masks are drawn in Java and copied to the array's device. Not thread-safe: one
 * per run, used by the run's thread.
 */
public final class DropoutMasks {
    /** No dropout (evaluation and prediction). */
    public static final DropoutMasks NONE = new DropoutMasks(null);

    private static final double TWO_TO_32 = 4294967296.0;
    private final SplittableRandom random;

    private DropoutMasks(SplittableRandom random) {
        this.random = random;
    }

    /**
     * @param seed the run's seed
     * @return masks drawn from a generator of this seed
     */
    public static DropoutMasks seeded(long seed) {
        return new DropoutMasks(new SplittableRandom(seed));
    }

    /** @return whether masks are applied (training), as opposed to {@link #NONE} */
    public boolean active() {
        return random != null;
    }

    /**
     * @param x the values
     * @param p the probability of dropping a value, in [0, 1)
     * @return {@code x} itself when inactive or {@code p = 0}, else {@code x ⊙ mask} in {@code x}'s manager
     */
    public NDArray apply(NDArray x, double p) {
        if (random == null || p == 0) {
            return x;
        }
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        int n = Math.toIntExact(x.size());
        float keep = (float) (1 / (1 - p));
        long threshold = (long) (p * TWO_TO_32);
        float[] mask = new float[n];
        for (int i = 0; i < n; i += 2) {
            // two 32-bit uniforms per draw; a value is dropped when its uniform is below p·2^32
            long bits = random.nextLong();
            mask[i] = (bits >>> 32) < threshold ? 0f : keep;
            if (i + 1 < n) {
                mask[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? 0f : keep;
            }
        }
        NDArray m = x.getManager().create(mask, x.getShape());
        return x.mul(m);
    }
}
