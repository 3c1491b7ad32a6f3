package lmwb.encoders.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.common.safetensors.SafetensorsHeader;
import lmwb.encoders.spi.NamedTensor;

/**
 * Reads Hugging Face {@code .safetensors} files: the header is parsed and validated by
 * {@link SafetensorsHeader} before any data is touched, then the data section is mapped. F32 tensors are
 * read as they are, F16 and BF16 are upcast to F32; tensors of other types (e.g. the int64
 * {@code position_ids} buffer) are skipped.
 */
public final class SafetensorsReader {
    private SafetensorsReader() {
    }

    /**
     * @param file the file
     * @return its floating-point tensors by stored name
     * @throws IOException when it cannot be read, the header is malformed, or the file is truncated
     */
    public static Map<String, NamedTensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(ch, file);
            long dataLen = header.dataLength();
            ByteBuffer data = dataLen == 0 ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart(), dataLen).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, NamedTensor> out = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.tensors().values()) {
                out.putAll(tensor(file, e, data));
            }
            return out;
        }
    }

    private static Map<String, NamedTensor> tensor(Path file, SafetensorsHeader.Entry e, ByteBuffer data) throws IOException {
        if (!e.dtype().equals("F32") && !e.dtype().equals("F16") && !e.dtype().equals("BF16")) {
            return Map.of();
        }
        long n = e.elements();
        if (n > Integer.MAX_VALUE) {
            throw new IOException(file + ": tensor '" + e.name() + "' is too large (" + n + " values)");
        }
        float[] f = new float[(int) n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) e.begin());
        switch (e.dtype()) {
            case "F32" -> b.asFloatBuffer().get(f);
            case "F16" -> {
                for (int i = 0; i < f.length; i++) {
                    f[i] = halfToFloat(b.getShort());
                }
            }
            default -> {
                for (int i = 0; i < f.length; i++) {
                    f[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                }
            }
        }
        return Map.of(e.name(), new NamedTensor(e.name(), e.shape(), f));
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
