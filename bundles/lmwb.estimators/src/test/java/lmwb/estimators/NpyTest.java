package lmwb.estimators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Npy} reads files written by numpy (fixtures in src/test/resources/npy, made by generate.py there
 * with the values listed in it) and round-trips its own files; malformed files are refused with a message.
 */
class NpyTest {
    private static final float[] M = {1.5f, -2.25f, 3.0f, 4.0f, 5.5f, -6.125f};

    @TempDir
    Path tmp;

    @Test
    void readsNumpyFiles() throws IOException {
        for (String name : List.of("f8_matrix.npy", "f4_bigendian.npy", "v2_matrix.npy")) {
            FloatMatrix m = Npy.readMatrix(TestData.resource("npy/" + name));
            assertEquals(2, m.rows(), name);
            assertEquals(3, m.cols(), name);
            assertArrayEquals(M, m.toArray(), name);
        }
        assertArrayEquals(new int[] {0, 2, 1, 2}, Npy.readLabels(TestData.resource("npy/i4_labels.npy"), false).classIds());
        assertArrayEquals(new int[] {1, 0, 1}, Npy.readLabels(TestData.resource("npy/u1_labels.npy"), false).classIds());
        assertArrayEquals(new double[] {0.5, -1.25, 2.0}, Npy.readLabels(TestData.resource("npy/f4_targets.npy"), true).values());
    }

    @Test
    void roundTrip() throws IOException {
        Path f = tmp.resolve("sub/x.npy");
        FloatMatrix m = FloatMatrix.wrap(2, 3, M.clone());
        Npy.writeMatrix(f, m);
        assertArrayEquals(M, Npy.readMatrix(f).toArray());
        assertEquals(0, (Files.size(f) - 6 * 4) % 64, "header padded to a multiple of 64 bytes");
        Npy.writeLabels(tmp.resolve("y.npy"), Labels.classes(new int[] {3, 0, 1}));
        assertArrayEquals(new int[] {3, 0, 1}, Npy.readLabels(tmp.resolve("y.npy"), false).classIds());
        Npy.writeLabels(tmp.resolve("t.npy"), Labels.regression(new double[] {0.1, -2}));
        assertArrayEquals(new double[] {0.1, -2}, Npy.readLabels(tmp.resolve("t.npy"), true).values());
        // no temporary file is left behind
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("sub", "t.npy", "y.npy"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Npy.writeMatrix(f, FloatMatrix.wrap(1, 1, new float[] {7}));
        assertArrayEquals(new float[] {7}, Npy.readMatrix(f).toArray());
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void refusesMalformedFiles() throws IOException {
        assertRefused(TestData.resource("npy/fortran.npy"), "Fortran");
        assertRefused(TestData.resource("npy/complex.npy"), "unsupported dtype");
        Path notNpy = Files.writeString(tmp.resolve("bad.npy"), "just text, no magic");
        assertRefused(notNpy, "bad magic");
        byte[] full = Files.readAllBytes(TestData.resource("npy/f8_matrix.npy"));
        Path truncated = Files.write(tmp.resolve("trunc.npy"), Arrays.copyOf(full, full.length - 5));
        assertRefused(truncated, "truncated");
        Path header = Files.write(tmp.resolve("head.npy"), Arrays.copyOf(full, 30));
        assertRefused(header, "truncated");
        IOException e = assertThrows(IOException.class, () -> Npy.readMatrix(TestData.resource("npy/i4_labels.npy")));
        assertTrue(e.getMessage().contains("2-D"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npy.readLabels(TestData.resource("npy/f8_fractional.npy"), false));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npy.readLabels(TestData.resource("npy/f8_matrix.npy"), false));
        assertTrue(e.getMessage().contains("1-D"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("missing.npy")));
        assertThrows(IOException.class, () -> Npy.readMatrix(tmp.resolve("missing.npy")));
    }

    private static void assertRefused(Path file, String words) {
        IOException e = assertThrows(IOException.class, () -> Npy.readMatrix(file));
        assertTrue(e.getMessage().contains(words) && e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }
}
