package lmwb.api.analysis.modelvectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import lmwb.api.encoder.ModelArtifact;

/**
 * Reads a model's float parameters under the canonical Hugging Face names the workbench's encoders use
 * (architecture prefixes such as {@code bert.} stripped, heads and poolers dropped), without an inference
 * engine. Registered as an OSGi service by the bundle that owns the weight readers.
 */
@org.osgi.annotation.versioning.ProviderType
public interface WeightReader {
    /**
     * @param artifact a resolved model (ONNX graph or safetensors with config)
     * @return its parameters by canonical name
     * @throws IOException when the files cannot be read or are corrupt
     */
    Map<String, WeightTensor> read(ModelArtifact artifact) throws IOException;

    /**
     * @param file a safetensors file, e.g. a fine-tuned encoder of a training checkpoint
     * @return its float parameters by canonical name (F16/BF16 upcast)
     * @throws IOException when the file cannot be read or is corrupt
     */
    Map<String, WeightTensor> readSafetensors(Path file) throws IOException;
}
