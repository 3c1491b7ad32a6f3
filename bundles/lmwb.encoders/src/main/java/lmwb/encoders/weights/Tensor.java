package lmwb.encoders.weights;

import java.util.Arrays;

/**
 * A named float tensor in PyTorch layout (row-major, Linear weights {@code [out, in]}).
 *
 * @param name the Hugging Face parameter name, e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param shape the dimensions
 * @param data the values, row-major
 */
public record Tensor(String name, long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /** @return a copy renamed */
    Tensor rename(String newName) {
        return new Tensor(newName, shape, data);
    }

    /** @return the transpose of this 2-D tensor */
    Tensor transpose2d(String newName) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("tensor " + name + " is not 2-D: " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] t = new float[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = data[i * c + j];
            }
        }
        return new Tensor(newName, new long[] {c, r}, t);
    }

    int dim(int i) {
        return (int) shape[i];
    }
}
