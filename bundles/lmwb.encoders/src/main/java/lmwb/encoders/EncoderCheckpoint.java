package lmwb.encoders;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import lmwb.api.encoder.ModelArtifact;

/**
 * A model's architecture and weights, loaded from an artifact: an ONNX graph (architecture read from
 * the graph) or Hugging Face safetensors with {@code config.json}.
 *
 * @param config the architecture
 * @param weights parameters in canonical names
 */
record EncoderCheckpoint(EncoderConfig config, Map<String, Tensor> weights) {

    /**
     * @param artifact the files
     * @return the checkpoint
     * @throws IOException when a file cannot be read or is corrupt
     * @throws IllegalArgumentException when the architecture is not supported
     */
    static EncoderCheckpoint load(ModelArtifact artifact) throws IOException {
        if (!Files.isRegularFile(artifact.weights())) {
            throw new IOException("weights file " + artifact.weights() + " of model '" + artifact.reference()
                    + "' does not exist");
        }
        return switch (artifact.format()) {
            case ONNX -> {
                OnnxModelReader.Result r = OnnxModelReader.read(artifact.weights());
                yield new EncoderCheckpoint(r.config(), r.weights());
            }
            case SAFETENSORS -> {
                if (artifact.config() == null || !Files.isRegularFile(artifact.config())) {
                    throw new IOException("model '" + artifact.reference() + "' has safetensors weights but no "
                            + "config.json next to them (" + artifact.config() + ")");
                }
                EncoderConfig config = EncoderConfig.fromJson(artifact.config());
                yield new EncoderCheckpoint(config, WeightNames.normalize(SafetensorsReader.read(artifact.weights())));
            }
        };
    }

    /**
     * @param artifact the files
     * @return the {@code model_type} the artifact declares ({@code bert} for ONNX graphs)
     * @throws IOException when {@code config.json} cannot be read
     */
    static String modelType(ModelArtifact artifact) throws IOException {
        if (artifact.format() == ModelArtifact.WeightFormat.ONNX || artifact.config() == null) {
            return "bert";
        }
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser
                    .parseString(Files.readString(artifact.config())).getAsJsonObject();
            return o.has("model_type") ? o.get("model_type").getAsString().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') : "bert";
        } catch (RuntimeException e) {
            throw new IOException(artifact.config() + " is not a valid config.json: " + e.getMessage(), e);
        }
    }
}
