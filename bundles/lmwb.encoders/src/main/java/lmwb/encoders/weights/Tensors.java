package lmwb.encoders.weights;

import java.util.Arrays;
import lmwb.encoders.spi.NamedTensor;

/** What the weight readers do to the tensors they read (PyTorch layout, row-major, Linear weights {@code [out, in]}). */
final class Tensors {
    private Tensors() {
    }

    /** @return the same values under another name */
    static NamedTensor renamed(NamedTensor t, String name) {
        return new NamedTensor(name, t.shape(), t.data());
    }

    /** @return the transpose of a 2-D tensor under another name */
    static NamedTensor transposed(NamedTensor t, String name) {
        long[] shape = t.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("tensor " + t.name() + " is not 2-D: " + Arrays.toString(shape));
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        float[] data = t.data();
        float[] out = new float[data.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = data[i * c + j];
            }
        }
        return new NamedTensor(name, new long[] {c, r}, out);
    }

    /** @return the size of dimension {@code i} */
    static int dim(NamedTensor t, int i) {
        return (int) t.shape()[i];
    }
}
