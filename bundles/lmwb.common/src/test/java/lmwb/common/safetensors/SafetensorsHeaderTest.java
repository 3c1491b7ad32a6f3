package lmwb.common.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header as the safetensors specification (huggingface/safetensors README) lays it out. */
class SafetensorsHeaderTest {
    /** A file with an F32 [2, 3] tensor, an I64 [3] buffer and metadata, written byte by byte. */
    static Path write(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(file, b.array());
    }

    private static final String HEADER = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
            + "\"position_ids\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[24,48]}}";

    @Test
    void readsEntriesInOrderWithMetadata(@TempDir Path tmp) throws IOException {
        Path f = write(tmp.resolve("m.safetensors"), HEADER, 48);
        SafetensorsHeader h = SafetensorsHeader.read(f);
        assertEquals(List.of("w", "position_ids"), List.copyOf(h.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), h.metadata());
        assertEquals(8 + HEADER.getBytes(StandardCharsets.UTF_8).length, h.dataStart());
        assertEquals(48, h.dataLength());
        SafetensorsHeader.Entry w = h.tensors().get("w");
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertEquals(6, w.elements());
        assertTrue(w.isFloatingPoint());
        assertFalse(h.tensors().get("position_ids").isFloatingPoint());
    }

    @Test
    void malformedFilesAreNamedWithWhatIsWrong(@TempDir Path tmp) throws IOException {
        Path truncated = write(tmp.resolve("t.safetensors"), HEADER, 40);
        assertMessage(truncated, "is truncated: tensor 'position_ids' ends at byte 48");
        Path tiny = Files.write(tmp.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertMessage(tiny, "shorter than the 8-byte header length");
        Path huge = Files.write(tmp.resolve("h.safetensors"),
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0).array());
        assertMessage(huge, "bad safetensors header: declared header length");
        assertMessage(write(tmp.resolve("j.safetensors"), "not json at all", 0), "not a JSON object");
        assertMessage(write(tmp.resolve("o.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24), "do not match 6 values of F32");
        assertMessage(write(tmp.resolve("d.safetensors"),
                "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "unknown dtype Q4");
        assertMessage(write(tmp.resolve("e.safetensors"), "{\"w\":{\"dtype\":\"F32\"}}", 0),
                "needs dtype, shape and data_offsets");
        byte[] cut = Arrays.copyOf(Files.readAllBytes(write(tmp.resolve("c.safetensors"), HEADER, 48)), 40);
        assertMessage(Files.write(tmp.resolve("c.safetensors"), cut), "bad safetensors header");
    }

    private static void assertMessage(Path f, String part) {
        IOException e = assertThrows(IOException.class, () -> SafetensorsHeader.read(f));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(f.toString()), e.getMessage());
    }
}
