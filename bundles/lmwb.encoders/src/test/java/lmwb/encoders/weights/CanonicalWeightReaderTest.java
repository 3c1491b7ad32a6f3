package lmwb.encoders.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import lmwb.api.analysis.modelvectors.WeightTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine-free weight reader gives canonical names and the stored values (heads dropped). */
class CanonicalWeightReaderTest {

    @Test
    void readsSafetensorsUnderCanonicalNames(@TempDir Path tmp) throws IOException {
        Map<String, float[][]> w = new LinkedHashMap<>();
        w.put("bert.encoder.layer.0.attention.self.query.weight", new float[][] {{1f, 2f}, {3f, 4f}});
        w.put("classifier.weight", new float[][] {{9f, 9f}});
        Path f = tmp.resolve("m.safetensors");
        TinyModels.writeSafetensors(f, w, "F32", false);
        Map<String, WeightTensor> read = new CanonicalWeightReader().readSafetensors(f);
        assertEquals(1, read.size(), "the classifier head is not an encoder weight: " + read.keySet());
        WeightTensor q = read.get("encoder.layer.0.attention.self.query.weight");
        assertArrayEquals(new long[] {2, 2}, q.shape());
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, q.data());
    }
}
