package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.List;
import lmwb.api.FloatMatrix;

/**
 * The activations of every layer (0 = embedding output, 1..L) for the same rows (sentences or words),
 * stored as float32 or, to halve memory, as IEEE half floats. Neuron {@code layer · H + unit} is the
 * global index used by clustering and pruning, as in the paper.
 */
final class Activations {
    private final int rows;
    private final int hidden;
    private final List<float[]> full;
    private final List<short[]> half;

    private Activations(int rows, int hidden, List<float[]> full, List<short[]> half) {
        this.rows = rows;
        this.hidden = hidden;
        this.full = full;
        this.half = half;
    }

    /**
     * @param layers the matrices of layers 0..L, all rows × H
     * @param float16 whether to store half floats
     * @return the activations
     */
    static Activations of(List<FloatMatrix> layers, boolean float16) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers");
        }
        int rows = layers.get(0).rows();
        int hidden = layers.get(0).cols();
        List<float[]> full = float16 ? null : new ArrayList<>();
        List<short[]> half = float16 ? new ArrayList<>() : null;
        for (FloatMatrix m : layers) {
            if (m.rows() != rows || m.cols() != hidden) {
                throw new IllegalArgumentException("layer matrices differ in shape: " + m + " vs " + rows + " x " + hidden);
            }
            float[] v = m.toArray();
            if (float16) {
                short[] h = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    h[i] = Half.fromFloat(v[i]);
                }
                half.add(h);
            } else {
                full.add(v);
            }
        }
        return new Activations(rows, hidden, full, half);
    }

    /** @return the number of rows */
    int rows() {
        return rows;
    }

    /** @return the hidden size H */
    int hidden() {
        return hidden;
    }

    /** @return L + 1 */
    int layerCount() {
        return full != null ? full.size() : half.size();
    }

    /** @return the number of neurons, (L + 1) · H */
    int neurons() {
        return layerCount() * hidden;
    }

    /** @return whether values are stored as half floats */
    boolean isHalf() {
        return half != null;
    }

    /** @return bytes used by the values */
    long bytes() {
        return (long) rows * neurons() * (isHalf() ? 2 : 4);
    }

    private float value(int layer, int index) {
        return full != null ? full.get(layer)[index] : Half.toFloat(half.get(layer)[index]);
    }

    /**
     * @param layer a layer 0..L
     * @param from first row
     * @param to row after the last
     * @return that layer's rows × H matrix
     */
    FloatMatrix layer(int layer, int from, int to) {
        return layers(layer, layer, from, to);
    }

    /**
     * @param first first layer
     * @param last last layer, inclusive
     * @param from first row
     * @param to row after the last
     * @return rows × ((last − first + 1) · H), layers side by side
     */
    FloatMatrix layers(int first, int last, int from, int to) {
        int[] neurons = new int[(last - first + 1) * hidden];
        for (int i = 0; i < neurons.length; i++) {
            neurons[i] = first * hidden + i;
        }
        return neurons(neurons, from, to);
    }

    /**
     * @param neurons global neuron indices
     * @param from first row
     * @param to row after the last
     * @return rows × |neurons|, in the given order
     */
    FloatMatrix neurons(int[] neurons, int from, int to) {
        int n = to - from;
        int d = neurons.length;
        float[] out = new float[n * d];
        for (int j = 0; j < d; j++) {
            int layer = neurons[j] / hidden;
            int unit = neurons[j] % hidden;
            for (int i = 0; i < n; i++) {
                out[i * d + j] = value(layer, (from + i) * hidden + unit);
            }
        }
        return FloatMatrix.wrap(n, d, out);
    }
}
