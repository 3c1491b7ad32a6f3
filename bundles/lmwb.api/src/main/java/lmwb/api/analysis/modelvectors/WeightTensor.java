package lmwb.api.analysis.modelvectors;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float tensor, row-major, in PyTorch layout (Linear weights {@code [out, in]}).
 *
 * @param name the canonical Hugging Face parameter name, e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param shape the dimensions
 * @param data the values
 */
public record WeightTensor(String name, long[] shape, float[] data) {
    /** Checks that shape and data agree. */
    public WeightTensor {
        Objects.requireNonNull(name, "name");
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /** @return the shape as text, e.g. {@code [384, 1536]} */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
