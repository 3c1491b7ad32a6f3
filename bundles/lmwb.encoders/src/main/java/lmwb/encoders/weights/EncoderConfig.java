package lmwb.encoders.weights;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The architecture of a BERT-family encoder, read from a Hugging Face {@code config.json} or from an ONNX
 * graph.
 *
 * @param modelType {@code bert}, {@code roberta}, {@code xlm-roberta}, {@code electra} or {@code distilbert}
 * @param vocabSize rows of the word-embedding matrix
 * @param hiddenSize H
 * @param embeddingSize width of the embeddings (ELECTRA projects it to H when it differs)
 * @param layers transformer layers L
 * @param heads attention heads
 * @param intermediateSize feed-forward width
 * @param maxPositions rows of the position-embedding matrix
 * @param typeVocabSize token types (0 when the model has none)
 * @param eps LayerNorm epsilon
 * @param activation {@code gelu} (exact), {@code gelu_new} (tanh approximation) or {@code relu}
 * @param padTokenId the padding token id
 * @param positionOffset first position id of a real token ({@code padding_idx + 1} for RoBERTa, else 0)
 */
public record EncoderConfig(String modelType, int vocabSize, int hiddenSize, int embeddingSize, int layers, int heads,
        int intermediateSize, int maxPositions, int typeVocabSize, double eps, String activation, int padTokenId,
        int positionOffset) {

    /** The {@code model_type} values this encoder implements. */
    public static final List<String> SUPPORTED = List.of("bert", "roberta", "xlm-roberta", "camembert", "electra",
            "distilbert");

    /** Activations the forward pass implements. */
    static final List<String> ACTIVATIONS = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu");

    public EncoderConfig {
        if (!SUPPORTED.contains(modelType)) {
            throw new IllegalArgumentException("model_type '" + modelType + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        }
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("hidden activation '" + activation + "' is not supported; supported: "
                    + String.join(", ", ACTIVATIONS));
        }
        if (layers < 1) {
            throw new IllegalArgumentException("a model needs at least 1 transformer layer, this one has " + layers);
        }
        if (hiddenSize <= 0 || heads <= 0 || hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not divisible by " + heads + " heads");
        }
    }

    /** @return the maximum number of tokens per input (positions minus the RoBERTa offset) */
    public int maxLength() {
        return Math.min(512, maxPositions - positionOffset);
    }

    /** @return whether tokens carry token-type (segment) embeddings */
    public boolean hasTokenTypes() {
        return typeVocabSize > 0;
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param file the file
     * @return the config
     * @throws IOException when it cannot be read or parsed, or a size (layers, heads, dimensions) is below 1 or
     *         not a whole number (the message names the file and the key)
     * @throws IllegalArgumentException for an unsupported {@code model_type} (the message lists the supported ones)
     */
    public static EncoderConfig fromJson(Path file) throws IOException {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a valid config.json: " + e.getMessage(), e);
        }
        String type = str(o, "model_type", "bert").toLowerCase(Locale.ROOT).replace('_', '-');
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("model_type '" + type + "' in " + file + " is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        }
        if (type.equals("distilbert")) {
            int hidden = positive(file, o, "dim", 768);
            return new EncoderConfig(type, positive(file, o, "vocab_size", 30522), hidden, hidden,
                    positive(file, o, "n_layers", 6), positive(file, o, "n_heads", 12),
                    positive(file, o, "hidden_dim", 4 * hidden), positive(file, o, "max_position_embeddings", 512), 0,
                    1e-12, str(o, "activation", "gelu"), num(file, o, "pad_token_id", 0), 0);
        }
        int hidden = positive(file, o, "hidden_size", 768);
        boolean roberta = type.equals("roberta") || type.equals("xlm-roberta") || type.equals("camembert");
        int pad = num(file, o, "pad_token_id", roberta ? 1 : 0);
        return new EncoderConfig(type, positive(file, o, "vocab_size", 30522), hidden,
                positive(file, o, "embedding_size", hidden), positive(file, o, "num_hidden_layers", 12),
                positive(file, o, "num_attention_heads", 12), positive(file, o, "intermediate_size", 4 * hidden),
                positive(file, o, "max_position_embeddings", 512), num(file, o, "type_vocab_size", 2),
                o.has("layer_norm_eps") ? o.get("layer_norm_eps").getAsDouble() : 1e-12,
                str(o, "hidden_act", "gelu"), pad, roberta ? pad + 1 : 0);
    }

    /** A size that must be at least 1: a model with 0 layers, heads or dimensions cannot embed anything. */
    private static int positive(Path file, JsonObject o, String key, int fallback) throws IOException {
        int v = num(file, o, key, fallback);
        if (v < 1) {
            throw new IOException(file + ": \"" + key + "\" is " + v + "; it must be a whole number of at least 1."
                    + " Fix the value or use the model's original config.json");
        }
        return v;
    }

    private static int num(Path file, JsonObject o, String key, int fallback) throws IOException {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return fallback;
        }
        try {
            return o.get(key).getAsInt();
        } catch (RuntimeException e) {
            throw new IOException(file + ": \"" + key + "\" is " + o.get(key) + "; it must be a whole number", e);
        }
    }

    private static String str(JsonObject o, String key, String fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : fallback;
    }
}
