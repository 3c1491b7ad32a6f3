package lmwb.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The embedded engine loads offline and computes; the helper restores the caller's class loader. */
class DjlContextTest {

    @Test
    void matrixProductOnTheEmbeddedEngine() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        float[] product = DjlContext.call(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlContext.device("cpu"))) {
                NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
                NDArray b = m.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
                return a.matMul(b).toFloatArray();
            }
        });
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]] by hand.
        assertArrayEquals(new float[] {19, 22, 43, 50}, product);
        assertEquals(before, Thread.currentThread().getContextClassLoader());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals("2.5.1", DjlContext.engineVersion());
    }

    @Test
    void djlVersionIsTheOneTheBundleHeaderRecords() throws Exception {
        // The header provenance reads (ProvenanceRecorder) is written by bnd from the build's djl.version into the
        // manifest of target/classes before the tests run; the forward pass records DjlContext.djlVersion().
        java.util.jar.Manifest manifest;
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new java.util.jar.Manifest(in);
        }
        String header = manifest.getMainAttributes().getValue("Lmwb-DJL-Version");
        assertEquals(header, DjlContext.djlVersion());
        assertEquals("0.32.0", header, "the build's djl.version (root pom.xml)");
    }

    @Test
    void embeddedNativesAreTheCpuBuild() {
        // What the CUDA-runtime message keys on: the flavor in the native jar's pytorch.properties.
        assertEquals("cpu", DjlContext.bundledFlavor());
    }

    @Test
    void unknownDeviceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DjlContext.device("tpu"));
    }
}
