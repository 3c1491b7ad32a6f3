package lmwb.api.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lmwb.api.encoder.EmbeddingInput;

/** Loads a checkpoint written by a {@link Trainer} and predicts with it. */
@org.osgi.annotation.versioning.ProviderType
public interface Predictor {
    /**
     * @param checkpoint the checkpoint folder ({@code model.json} + {@code model.safetensors})
     * @param inputs texts, pairs or pre-split words
     * @return one prediction per input, in order
     * @throws IOException when the checkpoint or its models cannot be read
     */
    List<Prediction> predict(Path checkpoint, List<EmbeddingInput> inputs) throws IOException;
}
