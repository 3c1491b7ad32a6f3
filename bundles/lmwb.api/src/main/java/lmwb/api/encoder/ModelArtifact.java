package lmwb.api.encoder;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model resolved to files on disk.
 *
 * @param reference what the user typed, e.g. {@code all-minilm-l6-v2} or {@code bert-base-uncased}
 * @param source the name of the {@link ModelSource} that resolved it
 * @param format the weight format
 * @param weights the weights file ({@code .onnx} or {@code .safetensors})
 * @param tokenizer the {@code tokenizer.json}
 * @param config the {@code config.json}, or {@code null} when the architecture is read from the weights
 * @param contentHash a hash identifying the weights, e.g. {@code sha256:...}
 */
public record ModelArtifact(String reference, String source, WeightFormat format, Path weights, Path tokenizer,
        Path config, String contentHash) {

    /** Validates the artifact. */
    public ModelArtifact {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(contentHash, "contentHash");
    }

    /** Weight file formats lmwb reads. */
    public enum WeightFormat {
        /** An fp32 ONNX graph whose initializers are the weights. */
        ONNX,
        /** Hugging Face safetensors. */
        SAFETENSORS
    }
}
