package lmwb.analysis.modelvectors;

import java.util.Arrays;
import java.util.Map;
import lmwb.api.analysis.modelvectors.WeightTensor;

/**
 * The shapes of a base model's six linear weights per layer, and the check that a fine-tuned model has exactly
 * them (a delta between different architectures means nothing).
 *
 * @param name the base model's reference
 * @param layers L
 * @param hidden H
 * @param ffn F, the feed-forward width
 */
record Architecture(String name, int layers, int hidden, int ffn) {

    /**
     * @param name the base model's reference
     * @param weights its weights by canonical name
     * @return its architecture
     * @throws IllegalArgumentException when it is not a BERT-family encoder with the six weights per layer
     */
    static Architecture of(String name, Map<String, WeightTensor> weights) {
        int layers = 0;
        while (weights.containsKey(Family.QUERY.tensor(layers))) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("base model '" + name + "' has no " + Family.QUERY.tensor(0)
                    + ": model vectors need a BERT-family encoder with canonical parameter names");
        }
        WeightTensor q = weights.get(Family.QUERY.tensor(0));
        WeightTensor w1 = weights.get(Family.INTERMEDIATE.tensor(0));
        if (q.shape().length != 2 || w1 == null || w1.shape().length != 2) {
            throw new IllegalArgumentException("base model '" + name + "': " + Family.QUERY.tensor(0) + " or "
                    + Family.INTERMEDIATE.tensor(0) + " is missing or not a matrix");
        }
        Architecture a = new Architecture(name, layers, (int) q.shape()[0], (int) w1.shape()[0]);
        a.check(name, weights, "base model");
        return a;
    }

    /**
     * @param family the family
     * @return its shape {@code [out, in]}
     */
    long[] shape(Family family) {
        return switch (family) {
            case QUERY, KEY, VALUE, ATTENTION_OUTPUT -> new long[] {hidden, hidden};
            case INTERMEDIATE -> new long[] {ffn, hidden};
            case OUTPUT -> new long[] {hidden, ffn};
        };
    }

    /** @return the rows of one layer's stacked U: 3H + H + F + H */
    int rowsPerLayer() {
        return 3 * hidden + hidden + ffn + hidden;
    }

    /** @return the number of values in all six weights of all layers */
    long parameters() {
        return (long) layers * (4L * hidden * hidden + 2L * hidden * ffn);
    }

    /**
     * Refuses a model whose six weights per layer or number of layers differ from this architecture.
     *
     * @param model the model's name
     * @param weights its weights
     * @param what how the message calls it
     * @throws IllegalArgumentException naming the tensor and both shapes
     */
    void check(String model, Map<String, WeightTensor> weights, String what) {
        for (int l = 0; l < layers; l++) {
            for (Family f : Family.values()) {
                String t = f.tensor(l);
                WeightTensor w = weights.get(t);
                if (w == null) {
                    throw new IllegalArgumentException(what + " '" + model + "' has no tensor " + t + " (base '" + name
                            + "' has " + Arrays.toString(shape(f)) + "): it is not the base's architecture");
                }
                if (!Arrays.equals(w.shape(), shape(f))) {
                    throw new IllegalArgumentException(what + " '" + model + "': tensor " + t + " has shape "
                            + Arrays.toString(w.shape()) + " but base '" + name + "' has " + Arrays.toString(shape(f))
                            + ": a weight delta needs the base's architecture");
                }
            }
        }
        if (weights.containsKey(Family.QUERY.tensor(layers))) {
            int more = layers;
            while (weights.containsKey(Family.QUERY.tensor(more))) {
                more++;
            }
            throw new IllegalArgumentException(what + " '" + model + "' has " + more + " layers but base '" + name
                    + "' has " + layers + ": a weight delta needs the base's architecture");
        }
    }
}
