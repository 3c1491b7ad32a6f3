package lmwb.encoders.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import lmwb.api.encoder.ModelArtifact;
import lmwb.encoders.spi.NamedTensor;

/**
 * A model's architecture and weights, loaded from an artifact: an ONNX graph (architecture read from
 * the graph) or Hugging Face safetensors with {@code config.json}.
 *
 * @param config the architecture
 * @param weights parameters in canonical names
 */
public record EncoderCheckpoint(EncoderConfig config, Map<String, NamedTensor> weights) {

    /**
     * The dropout probabilities a model was trained with, for fine-tuning it.
     *
     * @param hidden on the embeddings and each sub-layer's output
     * @param attention on the attention probabilities
     */
    public record Dropout(double hidden, double attention) {
        /**
         * Hugging Face's default of both in every config class of these architectures (BertConfig, RobertaConfig,
         * XLMRobertaConfig, CamembertConfig, ElectraConfig, DistilBertConfig), used for a key the config lacks
         * and for a model without a config.json (an ONNX graph keeps no dropout).
         */
        static final double DEFAULT = 0.1;
    }

    /**
     * Reads the model's dropout from its {@code config.json}: {@code hidden_dropout_prob} and
     * {@code attention_probs_dropout_prob} (BERT, RoBERTa, XLM-R, CamemBERT, ELECTRA), {@code dropout} and
     * {@code attention_dropout} (DistilBERT).
     *
     * @param artifact the files
     * @return the probabilities, {@link Dropout#DEFAULT} for what the config does not give
     * @throws IOException when {@code config.json} cannot be read
     * @throws IllegalArgumentException for a value outside [0, 1)
     */
    public static Dropout dropout(ModelArtifact artifact) throws IOException {
        if (artifact.config() == null || !Files.isRegularFile(artifact.config())) {
            return new Dropout(Dropout.DEFAULT, Dropout.DEFAULT);
        }
        com.google.gson.JsonObject o;
        try {
            o = com.google.gson.JsonParser.parseString(Files.readString(artifact.config())).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(artifact.config() + " is not a valid config.json: " + e.getMessage(), e);
        }
        boolean distil = "distilbert".equals(modelType(artifact));
        return new Dropout(probability(o, distil ? "dropout" : "hidden_dropout_prob", artifact),
                probability(o, distil ? "attention_dropout" : "attention_probs_dropout_prob", artifact));
    }

    private static double probability(com.google.gson.JsonObject o, String key, ModelArtifact artifact) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return Dropout.DEFAULT;
        }
        double p = o.get(key).getAsDouble();
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(key + " in " + artifact.config() + " is " + p + ", not a probability "
                    + "in [0, 1); give --dropout to override it");
        }
        return p;
    }

    /**
     * @param artifact the files
     * @return the checkpoint
     * @throws IOException when a file cannot be read or is corrupt
     * @throws IllegalArgumentException when the architecture is not supported
     */
    public static EncoderCheckpoint load(ModelArtifact artifact) throws IOException {
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
    public static String modelType(ModelArtifact artifact) throws IOException {
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
