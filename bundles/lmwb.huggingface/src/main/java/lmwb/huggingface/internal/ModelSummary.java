package lmwb.huggingface.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

    // Real headers are well under a megabyte; the limit stops a corrupt length from allocating gigabytes.
    private static final long MAX_HEADER_BYTES = 100L << 20;

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
     * such as {@code position_ids} are not parameters).
     *
     * @param file a safetensors file
     * @return the parameter count
     * @throws IOException when the header is missing or malformed
     */
    static long safetensorsParameters(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, file);
            long length = lengthBytes.flip().getLong();
            if (length < 2 || length > MAX_HEADER_BYTES || length > size - 8) {
                throw new IOException(file + " is not a safetensors file: header length " + length + " in a file of "
                        + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) length);
            readFully(channel, header, file);
            JsonObject tensors;
            try {
                tensors = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IOException(file + " has a malformed safetensors header: " + e.getMessage(), e);
            }
            long parameters = 0;
            for (Map.Entry<String, JsonElement> entry : tensors.entrySet()) {
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                try {
                    JsonObject tensor = entry.getValue().getAsJsonObject();
                    String dtype = tensor.get("dtype").getAsString();
                    long elements = 1;
                    for (JsonElement dim : tensor.getAsJsonArray("shape")) {
                        elements = Math.multiplyExact(elements, dim.getAsLong());
                    }
                    if (dtype.startsWith("F") || dtype.startsWith("BF")) {
                        parameters += elements;
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + " has a malformed header entry for tensor '" + entry.getKey() + "': "
                            + e.getMessage(), e);
                }
            }
            return parameters;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, Path file) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException(file + " ends inside its safetensors header");
            }
        }
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
