package lmwb.api.training;

import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * A batch of predictions with one checkpoint (kind {@value #KIND}); its JSON is the stored document.
 *
 * @param resultId the result-store id
 * @param checkpoint the checkpoint folder that predicted
 * @param training the stored training result it came from, or {@code null} for a folder outside the store
 * @param device where it ran
 * @param predictions one per input, in order
 * @param provenance where it came from
 */
public record PredictionResult(String resultId, String checkpoint, String training, String device,
        List<Prediction> predictions, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "prediction";

    /** Freezes the list. */
    public PredictionResult {
        predictions = List.copyOf(predictions);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
