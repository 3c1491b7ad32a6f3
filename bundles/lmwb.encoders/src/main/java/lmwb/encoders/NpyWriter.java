package lmwb.encoders;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lmwb.api.FloatMatrix;

/**
 * Writes a float matrix as a NumPy {@code .npy} file (format 1.0, C order, {@code <f4}). Used inside a
 * cache entry's temporary folder, which is renamed into place as a whole.
 */
final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {
    }

    static void write(Path file, FloatMatrix m) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + m.rows() + ", " + m.cols() + "), }";
        int unpadded = MAGIC.length + 2 + header.length() + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] h = padded.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer data = ByteBuffer.allocate(m.rows() * m.cols() * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(m.buffer());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {(byte) (h.length & 0xff), (byte) (h.length >>> 8)});
            out.write(h);
            out.write(data.array());
        }
    }
}
