package lmwb.encoders.spi;

import java.util.Arrays;

/**
 * A float tensor with its name, row-major, in PyTorch layout (Linear weights {@code [out, in]}).
 *
 * @param name the parameter name
 * @param shape the dimensions
 * @param data the values
 */
public record NamedTensor(String name, long[] shape, float[] data) {
    /** Checks that shape and data agree. */
    public NamedTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }
}
