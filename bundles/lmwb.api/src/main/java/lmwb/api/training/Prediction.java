package lmwb.api.training;

import java.util.List;
import java.util.Map;

/**
 * A checkpoint's prediction for one input.
 *
 * @param text the input
 * @param labels the predicted label (one), or one per word for token tagging, empty for regression
 * @param scores class probabilities (classification, one per label of the label map) or the regression
 *     value (one element); for token tagging empty
 * @param modelWeights for DME, each model's attention weight α for this input, by model reference in the
 *     checkpoint's model order; else empty
 */
public record Prediction(String text, List<String> labels, double[] scores, Map<String, Double> modelWeights) {
    /** Freezes the collections. */
    public Prediction {
        labels = List.copyOf(labels);
        scores = scores.clone();
        modelWeights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modelWeights));
    }
}
