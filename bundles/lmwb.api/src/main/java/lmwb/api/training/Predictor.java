package lmwb.api.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.encoder.EmbeddingInput;

/** Loads a checkpoint written by a {@link Trainer} and predicts with it. */
@org.osgi.annotation.versioning.ProviderType
public interface Predictor {
    /**
     * Predicts on the {@link TrainingRequest#DEFAULT_DEVICE default device}.
     *
     * @param checkpoint the checkpoint folder, see {@link #predict(Path, List, String)}
     * @param inputs texts, pairs or pre-split words
     * @return one prediction per input, in order
     * @throws IOException when the checkpoint or its models cannot be read
     */
    default List<Prediction> predict(Path checkpoint, List<EmbeddingInput> inputs) throws IOException {
        return predict(checkpoint, inputs, TrainingRequest.DEFAULT_DEVICE);
    }

    /**
     * @param checkpoint the checkpoint folder ({@code model.json} + {@code model.safetensors}), or the folder
     *     {@code train --out} wrote when it holds exactly one {@code seed-*} checkpoint
     * @param inputs texts, pairs or pre-split words
     * @param device {@code cpu} or {@code gpu}
     * @return one prediction per input, in order
     * @throws IOException when the checkpoint or its models cannot be read
     * @throws IllegalArgumentException for a folder with several {@code seed-*} checkpoints (the message lists
     *     them), or a device that is unknown or that PyTorch does not see
     */
    List<Prediction> predict(Path checkpoint, List<EmbeddingInput> inputs, String device) throws IOException;
}
