package lmwb.encoders.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import lmwb.api.encoder.ModelArtifact;

/**
 * Opens encoders for training and reads or writes nothing else: the service a training bundle uses to
 * fine-tune the workbench's encoders.
 */
@org.osgi.annotation.versioning.ProviderType
public interface TrainableEncoderFactory {
    /**
     * @param artifact the base model's files (ONNX or safetensors)
     * @param weights fine-tuned parameters in canonical names that replace the base ones, or {@code null}
     * @param device {@code cpu} or {@code gpu}
     * @param dropout hidden and attention dropout probability applied when forward runs with masks, or
     *     {@code NaN} for the model config's ({@code hidden_dropout_prob} and {@code attention_probs_dropout_prob};
     *     DistilBERT {@code dropout} and {@code attention_dropout}; 0.1 when the model has no config.json)
     * @param maxLength longest token sequence (cut to the model's own maximum when larger)
     * @return the encoder; the caller closes it
     * @throws IOException when the files cannot be read
     * @throws IllegalArgumentException for an unknown device or one PyTorch does not see
     */
    TrainableEncoder open(ModelArtifact artifact, Path weights, String device, float dropout, int maxLength)
            throws IOException;

    /**
     * Reads the float tensors of a safetensors file (F16/BF16 upcast), names as stored.
     *
     * @param file the file
     * @return tensors by stored name
     * @throws IOException when it cannot be read
     */
    Map<String, NamedTensor> readSafetensors(Path file) throws IOException;
}
