package lmwb.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes F32 tensors as a Hugging Face {@code .safetensors} file: 8-byte little-endian header length, a
 * JSON header ({@code dtype}, {@code shape}, {@code data_offsets}, optional {@code __metadata__}) padded
 * with spaces to a multiple of 8, then the little-endian data. Written to a temporary file and renamed.
 */
final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /**
     * @param file the target
     * @param tensors values by name
     * @param shapes shapes by name
     * @param metadata string metadata
     * @throws IOException when it cannot be written
     */
    static void write(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long[] shape = shapes.get(e.getKey());
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != e.getValue().length) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has " + e.getValue().length
                        + " values for shape " + java.util.Arrays.toString(shape));
            }
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray s = new JsonArray();
            for (long d : shape) {
                s.add(d);
            }
            t.add("shape", s);
            JsonArray off = new JsonArray();
            off.add(offset);
            offset += 4L * n;
            off.add(offset);
            t.add("data_offsets", off);
            header.add(e.getKey(), t);
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = new byte[padded];
        java.util.Arrays.fill(hp, (byte) ' ');
        System.arraycopy(h, 0, hp, 0, h.length);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(hp);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : tensors.values()) {
                for (float x : v) {
                    if (!buf.hasRemaining()) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(x);
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
