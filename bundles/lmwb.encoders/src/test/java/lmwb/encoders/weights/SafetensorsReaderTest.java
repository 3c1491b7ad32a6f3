package lmwb.encoders.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.encoders.spi.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors reading: dtypes, header validation, truncation, name mapping. */
class SafetensorsReaderTest {

    private static Map<String, float[][]> small() {
        Map<String, float[][]> w = new LinkedHashMap<>();
        // Values exactly representable in F16 and BF16, so every dtype must read back the same floats.
        w.put("bert.embeddings.word_embeddings.weight", new float[][] {{1f, -2f, 0.5f}, {0.25f, 3f, -0.125f}});
        w.put("bert.encoder.layer.0.attention.output.LayerNorm.gamma", new float[][] {{1f, 2f, 4f}});
        return w;
    }

    @Test
    void readsF32F16AndBf16AndMapsNames(@TempDir Path tmp) throws IOException {
        for (String dtype : new String[] {"F32", "F16", "BF16"}) {
            Path f = tmp.resolve(dtype + ".safetensors");
            TinyModels.writeSafetensors(f, small(), dtype, true);
            Map<String, NamedTensor> t = WeightNames.normalize(SafetensorsReader.read(f));
            assertEquals(2, t.size(), dtype + ": position_ids (I64) is skipped");
            NamedTensor emb = t.get("embeddings.word_embeddings.weight");
            assertArrayEquals(new long[] {2, 3}, emb.shape());
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 0.25f, 3f, -0.125f}, emb.data(), dtype);
            assertArrayEquals(new float[] {1f, 2f, 4f},
                    t.get("encoder.layer.0.attention.output.LayerNorm.weight").data(), dtype);
        }
    }

    @Test
    void halfPrecisionConversion() {
        // IEEE 754 binary16 bit patterns and their values (from the standard's definition).
        assertEquals(1.0f, SafetensorsReader.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafetensorsReader.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafetensorsReader.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafetensorsReader.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsReader.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(SafetensorsReader.halfToFloat((short) 0x7e00)));
    }

    @Test
    void badHeaderLengthIsAClearError(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Files.write(f, b.array());
        IOException e = assertThrows(IOException.class, () -> SafetensorsReader.read(f));
        assertTrue(e.getMessage().contains("bad safetensors header"), e.getMessage());
    }

    @Test
    void headerThatIsNotJsonIsAClearError(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.safetensors");
        byte[] junk = "not json at all".getBytes();
        ByteBuffer b = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN).putLong(junk.length).put(junk);
        Files.write(f, b.array());
        IOException e = assertThrows(IOException.class, () -> SafetensorsReader.read(f));
        assertTrue(e.getMessage().contains("bad safetensors header"), e.getMessage());
    }

    @Test
    void truncatedFileIsAClearError(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("t.safetensors");
        TinyModels.writeSafetensors(f, small(), "F32", false);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 5));
        IOException e = assertThrows(IOException.class, () -> SafetensorsReader.read(f));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
        Files.write(f, new byte[] {1, 2, 3});
        IOException shortFile = assertThrows(IOException.class, () -> SafetensorsReader.read(f));
        assertTrue(shortFile.getMessage().contains("shorter than the 8-byte header length"), shortFile.getMessage());
    }

    @Test
    void prefixesAndDistilbertNamesAreCanonical() {
        assertEquals("embeddings.LayerNorm.weight", WeightNames.canonical("roberta.embeddings.LayerNorm.weight"));
        assertEquals("encoder.layer.3.attention.self.query.bias",
                WeightNames.canonical("distilbert.transformer.layer.3.attention.q_lin.bias"));
        assertEquals("encoder.layer.0.output.LayerNorm.bias",
                WeightNames.canonical("distilbert.transformer.layer.0.output_layer_norm.bias"));
        assertEquals("embeddings_project.weight", WeightNames.canonical("electra.embeddings_project.weight"));
        assertEquals(null, WeightNames.canonical("bert.pooler.dense.weight"));
        assertEquals(null, WeightNames.canonical("cls.predictions.bias"));
        assertEquals(null, WeightNames.canonical("embeddings.position_ids"));
    }
}
