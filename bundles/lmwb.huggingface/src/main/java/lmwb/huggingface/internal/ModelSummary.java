package lmwb.huggingface.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lmwb.common.safetensors.SafetensorsHeader;

/**
 * What a listing shows about a model folder without opening it: the architecture and sizes from
 * {@code config.json}, and the parameter count from the safetensors header (the tensor data is not read).
 *
 * @param modelType {@code model_type}, or {@code unknown}
 * @param layers {@code num_hidden_layers} (or {@code n_layers}, {@code num_layers}), or -1
 * @param hiddenSize {@code hidden_size} (or {@code dim}, {@code d_model}), or -1
 * @param parameters elements of the floating-point tensors, or -1
 */
record ModelSummary(String modelType, int layers, int hiddenSize, long parameters) {

    /**
     * @param dir a complete model folder
     * @return its summary
     * @throws IOException when config.json or the safetensors header cannot be read or parsed
     */
    static ModelSummary read(Path dir) throws IOException {
        JsonObject config;
        try (Reader reader = Files.newBufferedReader(dir.resolve(ModelDirectory.CONFIG), StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject()) {
                throw new IOException(dir.resolve(ModelDirectory.CONFIG) + " is not a JSON object");
            }
            config = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(dir.resolve(ModelDirectory.CONFIG) + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonElement type = config.get("model_type");
        String modelType = type != null && type.isJsonPrimitive() ? type.getAsString() : "unknown";
        int layers = firstInt(config, "num_hidden_layers", "n_layers", "num_layers");
        int hidden = firstInt(config, "hidden_size", "dim", "d_model");
        return new ModelSummary(modelType, layers, hidden, safetensorsParameters(dir.resolve(ModelDirectory.WEIGHTS)));
    }

    /**
     * Counts the elements of the floating-point tensors listed in a safetensors header (integer buffers
     * such as {@code position_ids} are not parameters); the header is read and checked by
     * {@link SafetensorsHeader}, the tensor data is not read.
     *
     * @param file a safetensors file
     * @return the parameter count
     * @throws IOException when the header is missing or malformed, or the file is shorter than it says
     */
    static long safetensorsParameters(Path file) throws IOException {
        long parameters = 0;
        for (SafetensorsHeader.Entry tensor : SafetensorsHeader.read(file).tensors().values()) {
            if (tensor.isFloatingPoint()) {
                parameters += tensor.elements();
            }
        }
        return parameters;
    }

    private static int firstInt(JsonObject config, String... keys) {
        for (String key : keys) {
            JsonElement value = config.get(key);
            if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
                return value.getAsInt();
            }
        }
        return -1;
    }
}
