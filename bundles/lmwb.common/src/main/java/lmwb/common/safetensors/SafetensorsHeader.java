package lmwb.common.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated safetensors header. Reading it touches only the first {@code 8 + header length} bytes; every
 * entry is checked against the file's size before a caller reads any data, so a truncated or corrupt file
 * fails here with a message that names the file and the tensor.
 *
 * @param file the file the header was read from
 * @param dataStart offset of the data section in the file ({@code 8 + header length})
 * @param dataLength bytes in the data section
 * @param tensors the entries in header order, by stored name
 * @param metadata the {@code __metadata__} strings, empty when absent
 */
public record SafetensorsHeader(Path file, long dataStart, long dataLength, Map<String, Entry> tensors,
        Map<String, String> metadata) {
    /** Real headers are well under a megabyte; the limit stops a corrupt length from allocating gigabytes. */
    public static final long MAX_HEADER_BYTES = 100L << 20;

    /**
     * Copies the maps.
     */
    public SafetensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * One tensor's header entry.
     *
     * @param name the stored name
     * @param dtype the stored type ({@code F32}, {@code F16}, {@code BF16}, {@code I64}, ...)
     * @param shape the dimensions
     * @param begin first byte in the data section
     * @param end one past the last byte in the data section
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        /**
         * @return the number of values (the product of the shape; 1 for a scalar)
         */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /**
         * @return whether the values are floating point ({@code F*} and {@code BF16}): parameters, as opposed
         *     to integer buffers such as {@code position_ids}
         */
        public boolean isFloatingPoint() {
            return dtype.startsWith("F") || dtype.equals("BF16");
        }
    }

    /**
     * Reads and validates the header of a file.
     *
     * @param file a safetensors file
     * @return its header
     * @throws IOException when the file cannot be read, is not a safetensors file, has a malformed header,
     *     or is shorter than its header says
     */
    public static SafetensorsHeader read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file);
        }
    }

    /**
     * Reads and validates the header from an open channel (for a caller that goes on to map the data).
     *
     * @param channel the open file
     * @param file its name, for messages
     * @return its header
     * @throws IOException as {@link #read(Path)}
     */
    public static SafetensorsHeader read(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new IOException(file + " is not a safetensors file: " + size + " bytes, shorter than the 8-byte "
                    + "header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, file);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 1 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw new IOException(file + " has a bad safetensors header: declared header length " + headerLength
                    + " for a file of " + size + " bytes (corrupt or not a safetensors file)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, 8, file);
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(headerBytes.array(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + " has a bad safetensors header: not a JSON object (" + e.getMessage() + ")", e);
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                metadata(file, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataLength));
            }
        }
        return new SafetensorsHeader(file, dataStart, dataLength, tensors, metadata);
    }

    private static void metadata(Path file, JsonElement value, Map<String, String> out) throws IOException {
        try {
            for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
                out.put(m.getKey(), m.getValue().getAsString());
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " has a bad safetensors header: __metadata__ must map names to strings: "
                    + value, e);
        }
    }

    private static Entry entry(Path file, String name, JsonElement spec, long dataLength) throws IOException {
        String dtype;
        long[] shape;
        long begin;
        long end;
        try {
            JsonObject o = spec.getAsJsonObject();
            dtype = o.get("dtype").getAsString();
            JsonArray s = o.getAsJsonArray("shape");
            shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            begin = off.get(0).getAsLong();
            end = off.get(1).getAsLong();
        } catch (RuntimeException ex) {
            throw new IOException(file + " has a bad safetensors header entry for '" + name
                    + "' (needs dtype, shape and data_offsets): " + spec, ex);
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IOException(file + ": tensor '" + name + "' has a negative dimension");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException ex) {
                throw new IOException(file + ": tensor '" + name + "' has more values than a long can count", ex);
            }
        }
        int width = switch (dtype) {
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "F64", "I64", "U64" -> 8;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> throw new IOException(file + ": tensor '" + name + "' has unknown dtype " + dtype);
        };
        if (begin < 0 || end < begin || n > Long.MAX_VALUE / width || end - begin != n * width) {
            throw new IOException(file + ": tensor '" + name + "' has data offsets [" + begin + ", " + end
                    + ") that do not match " + n + " values of " + dtype);
        }
        if (end > dataLength) {
            throw new IOException(file + " is truncated: tensor '" + name + "' ends at byte " + end + " of the data "
                    + "section but the file holds only " + dataLength + " data bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(file + " ends inside its safetensors header");
            }
            at += read;
        }
    }
}
