package lmwb.encoders;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Hugging Face {@code .safetensors} files: an 8-byte little-endian header length, a JSON header
 * with {@code dtype}, {@code shape} and {@code data_offsets} per tensor, then the raw little-endian data.
 * F32 tensors are read as they are, F16 and BF16 are upcast to F32; tensors of other types (e.g. the
 * int64 {@code position_ids} buffer) are skipped. The header is validated before any data is touched.
 */
final class SafetensorsReader {
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {
    }

    /**
     * @param file the file
     * @return its floating-point tensors by stored name
     * @throws IOException when it cannot be read, the header is malformed, or the file is truncated
     */
    static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + " is not a safetensors file: " + size + " bytes, shorter than the 8-byte "
                        + "header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 1 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw new IOException(file + " has a bad safetensors header: declared header length " + headerLen
                        + " for a file of " + size + " bytes (corrupt or not a safetensors file)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, 8);
            JsonObject header;
            try {
                header = JsonParser.parseString(new String(hb.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(file + " has a bad safetensors header: not a JSON object (" + e.getMessage() + ")",
                        e);
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, Tensor> out = new LinkedHashMap<>();
            ByteBuffer data = dataLen == 0 ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.putAll(tensor(file, e.getKey(), e.getValue(), data, dataLen));
            }
            return out;
        }
    }

    private static Map<String, Tensor> tensor(Path file, String name, JsonElement spec, ByteBuffer data, long dataLen)
            throws IOException {
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
            n *= d;
        }
        int width = switch (dtype) {
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "F64", "I64", "U64" -> 8;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> throw new IOException(file + ": tensor '" + name + "' has unknown dtype " + dtype);
        };
        if (begin < 0 || end < begin || end - begin != n * width) {
            throw new IOException(file + ": tensor '" + name + "' has data offsets [" + begin + ", " + end
                    + ") that do not match " + n + " values of " + dtype);
        }
        if (end > dataLen) {
            throw new IOException(file + " is truncated: tensor '" + name + "' ends at byte " + end + " of the data "
                    + "section but the file holds only " + dataLen + " data bytes");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IOException(file + ": tensor '" + name + "' is too large (" + n + " values)");
        }
        float[] f = new float[(int) n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) begin);
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(f);
            case "F16" -> {
                for (int i = 0; i < f.length; i++) {
                    f[i] = halfToFloat(b.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < f.length; i++) {
                    f[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                }
            }
            default -> {
                return Map.of();
            }
        }
        return Map.of(name, new Tensor(name, shape, f));
    }

    /** IEEE 754 half precision to single precision (subnormals, infinities and NaN included). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
