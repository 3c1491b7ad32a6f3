package lmwb.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** NativeBlas in a plain JVM, where the embedded jars are on the test class path. */
class NativeBlasTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64") // the only natives the bundle embeds
    void loadsOnceAndComputes() {
        NativeBlas.preloadInBackground();
        assertTrue(NativeBlas.available(), () -> "failure: " + NativeBlas.failure());
        assertNull(NativeBlas.failure());
        assertTrue(NativeBlas.available()); // second call: already loaded
        NativeBlas.preloadInBackground(); // no-op once loaded

        // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50], exact in float32
        try (FloatPointer a = new FloatPointer(1f, 2f, 3f, 4f);
             FloatPointer b = new FloatPointer(5f, 6f, 7f, 8f);
             FloatPointer c = new FloatPointer(4)) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                    2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
            float[] out = new float[4];
            c.get(out);
            assertArrayEquals(new float[] {19f, 22f, 43f, 50f}, out);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void singleThreadedScopesNestAndRestoreTheThreadCount() {
        assertTrue(NativeBlas.available());
        openblas.blas_set_num_threads(2);
        int before = openblas.blas_get_num_threads();
        NativeBlas.Scope outer = NativeBlas.singleThreaded();
        assertEquals(1, openblas.blas_get_num_threads());
        NativeBlas.Scope inner = NativeBlas.singleThreaded();
        outer.close();
        outer.close(); // closing twice releases once
        assertEquals(1, openblas.blas_get_num_threads(), "still held by the inner scope");
        inner.close();
        assertEquals(before, openblas.blas_get_num_threads());
    }

    @Test
    void describesTheLibraryOrWhyItIsUnavailable() {
        String d = NativeBlas.describe();
        assertNotNull(d);
        if (NativeBlas.available()) {
            assertTrue(d.matches("OpenBLAS \\d+\\.\\d+\\.\\d+ \\(JavaCPP \\d+\\.\\d+\\.\\d+[^)]*\\), kernels: .+"), d);
            String coretype = System.getenv(NativeBlas.CORETYPE_VARIABLE);
            assertTrue(d.endsWith(NativeBlas.kernels(coretype)), d);
        } else {
            assertEquals("unavailable: " + NativeBlas.failure(), d);
        }
        assertEquals(1, d.lines().count(), d);
    }

    @Test
    void kernelsNameTheCoreTypeWhenSet() {
        assertEquals("detected by OpenBLAS", NativeBlas.kernels(null));
        assertEquals("detected by OpenBLAS", NativeBlas.kernels(" "));
        assertEquals("SKYLAKEX (OPENBLAS_CORETYPE)", NativeBlas.kernels("SKYLAKEX"));
    }
}
