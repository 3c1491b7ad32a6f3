package lmwb.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0 to 3.0): C-order 2-D float32/float64
 * matrices as {@link FloatMatrix} and 1-D integer or float vectors as {@link Labels}. Writes are atomic:
 * the data goes to a temporary file in the target directory that is then renamed over the target, so a
 * killed writer never leaves a half-written file behind.
 *
 * <p>Malformed files (bad magic, unparsable header, Fortran order, unsupported dtype, truncated data) are
 * refused with an {@link IOException} whose message names the file and the problem.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * The header and raw data of one array.
     *
     * @param dtype NumPy type code without byte order, e.g. {@code f4}, {@code i8}
     * @param order the byte order of the data
     * @param shape the dimensions
     * @param data the raw values, positioned at 0, in {@code order}
     */
    private record RawArray(String dtype, ByteOrder order, long[] shape, ByteBuffer data) {
        long count() {
            long c = 1;
            for (long s : shape) {
                c *= s;
            }
            return c;
        }

        double get(long i) {
            int p = (int) (i * itemSize(dtype));
            return switch (dtype) {
                case "f4" -> data.getFloat(p);
                case "f8" -> data.getDouble(p);
                case "i1" -> data.get(p);
                case "u1", "b1" -> data.get(p) & 0xff;
                case "i2" -> data.getShort(p);
                case "u2" -> data.getShort(p) & 0xffff;
                case "i4" -> data.getInt(p);
                case "u4" -> data.getInt(p) & 0xffffffffL;
                case "i8", "u8" -> data.getLong(p);
                default -> throw new IllegalStateException(dtype);
            };
        }

        boolean isFloat() {
            return dtype.startsWith("f");
        }
    }

    /**
     * Reads a 2-D float32 or float64 array as a matrix (float64 values are rounded to float32).
     *
     * @param file the {@code .npy} file
     * @return the matrix
     * @throws IOException if the file cannot be read, is malformed, or is not a 2-D float array
     */
    public static FloatMatrix readMatrix(Path file) throws IOException {
        RawArray a = read(file);
        if (a.shape.length != 2) {
            throw new IOException(file + ": expected a 2-D array (rows x dimensions), found shape " + shapeText(a.shape));
        }
        if (!a.isFloat()) {
            throw new IOException(file + ": expected float32 or float64 values for a matrix, found dtype " + a.dtype);
        }
        if (a.count() > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": array of shape " + shapeText(a.shape) + " is too large for one matrix");
        }
        int rows = (int) a.shape[0];
        int cols = (int) a.shape[1];
        float[] v = new float[rows * cols];
        if (a.dtype.equals("f4")) {
            a.data.asFloatBuffer().get(v);
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) a.data.getDouble(i * 8);
            }
        }
        return FloatMatrix.wrap(rows, cols, v);
    }

    /**
     * Reads a 1-D vector (or an N×1 matrix) of labels.
     *
     * @param file the {@code .npy} file
     * @param regression read real-valued targets; otherwise class ids, which must be non-negative integers
     *     (integer dtype, or float values that are whole numbers)
     * @return the labels
     * @throws IOException if the file cannot be read, is malformed, or holds no valid labels
     */
    public static Labels readLabels(Path file, boolean regression) throws IOException {
        double[] v = readVector(file);
        if (regression) {
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IOException(file + ": regression target at index " + i + " is " + v[i]);
                }
            }
            return Labels.regression(v);
        }
        int[] ids = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new IOException(file + ": label at index " + i + " is " + v[i]
                        + ", not a non-negative class id; for real-valued targets read them as regression");
            }
            ids[i] = (int) v[i];
        }
        return Labels.classes(ids);
    }

    /**
     * Reads a 1-D vector (or an N×1 matrix) of any supported dtype as doubles.
     *
     * @param file the {@code .npy} file
     * @return the values
     * @throws IOException if the file cannot be read, is malformed, or is not a vector
     */
    public static double[] readVector(Path file) throws IOException {
        RawArray a = read(file);
        boolean column = a.shape.length == 2 && a.shape[1] == 1;
        if (a.shape.length != 1 && !column) {
            throw new IOException(file + ": expected a 1-D array, found shape " + shapeText(a.shape));
        }
        double[] v = new double[(int) a.shape[0]];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i);
        }
        return v;
    }

    /**
     * Writes a matrix as a C-order float32 array, atomically.
     *
     * @param file the target file (replaced if it exists)
     * @param matrix the matrix
     * @throws IOException if writing fails
     */
    public static void writeMatrix(Path file, FloatMatrix matrix) throws IOException {
        long rows = matrix.rows();
        long cols = matrix.cols();
        ByteBuffer data = ByteBuffer.allocate((int) (rows * cols * 4)).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(matrix.buffer());
        writeAtomically(file, "<f4", new long[] {rows, cols}, data);
    }

    /**
     * Writes labels as a 1-D array, atomically: class ids as int64, regression targets as float64.
     *
     * @param file the target file (replaced if it exists)
     * @param labels the labels
     * @throws IOException if writing fails
     */
    public static void writeLabels(Path file, Labels labels) throws IOException {
        int n = labels.size();
        ByteBuffer data = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (labels.isRegression()) {
            for (double v : labels.values()) {
                data.putDouble(v);
            }
            writeAtomically(file, "<f8", new long[] {n}, data);
        } else {
            for (int id : labels.classIds()) {
                data.putLong(id);
            }
            writeAtomically(file, "<i8", new long[] {n}, data);
        }
    }

    private static void writeAtomically(Path file, String descr, long[] shape, ByteBuffer data) throws IOException {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }");
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        header.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(MAGIC);
                out.write(new byte[] {1, 0, (byte) (h.length & 0xff), (byte) (h.length >>> 8)});
                out.write(h);
                out.write(data.array(), 0, data.capacity());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static RawArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] pre = in.readNBytes(8);
            if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
                throw new IOException(file + ": not a NumPy .npy file (bad magic bytes)");
            }
            int major = pre[6];
            int headerLen;
            if (major == 1) {
                byte[] l = in.readNBytes(2);
                if (l.length < 2) {
                    throw new IOException(file + ": truncated .npy header");
                }
                headerLen = (l[0] & 0xff) | (l[1] & 0xff) << 8;
            } else if (major == 2 || major == 3) {
                byte[] l = in.readNBytes(4);
                if (l.length < 4) {
                    throw new IOException(file + ": truncated .npy header");
                }
                headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (headerLen < 0 || headerLen > 1 << 20) {
                    throw new IOException(file + ": implausible .npy header length " + headerLen);
                }
            } else {
                throw new IOException(file + ": unsupported .npy format version " + major + "." + pre[7]);
            }
            byte[] hb = in.readNBytes(headerLen);
            if (hb.length < headerLen) {
                throw new IOException(file + ": truncated .npy header");
            }
            String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher fm = FORTRAN.matcher(header);
            Matcher dm = DESCR.matcher(header);
            Matcher sm = SHAPE.matcher(header);
            if (!fm.find() || !dm.find() || !sm.find()) {
                throw new IOException(file + ": cannot parse .npy header " + header.trim());
            }
            if (fm.group(1).equals("True")) {
                throw new IOException(file + ": Fortran-order arrays are not supported; save with "
                        + "numpy.save(path, numpy.ascontiguousarray(a))");
            }
            String descr = dm.group(1);
            if (descr.length() < 2) {
                throw new IOException(file + ": unsupported dtype '" + descr + "'");
            }
            char bo = descr.charAt(0);
            String dtype = descr.substring(1).toLowerCase(Locale.ROOT);
            if ("<>|=".indexOf(bo) < 0 || itemSize(dtype) == 0) {
                throw new IOException(file + ": unsupported dtype '" + descr
                        + "'; use float32/float64 for embeddings and integer or float labels");
            }
            ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            long[] shape = parseShape(file, sm.group(1));
            long count = 1;
            for (long s : shape) {
                count *= s;
            }
            long bytes = count * itemSize(dtype);
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": array of shape " + shapeText(shape) + " is too large");
            }
            byte[] data = in.readNBytes((int) bytes);
            if (data.length < bytes) {
                throw new IOException(file + ": truncated: shape " + shapeText(shape) + " of " + descr + " needs " + bytes
                        + " data bytes, the file has " + data.length);
            }
            return new RawArray(dtype, order, shape, ByteBuffer.wrap(data).order(order));
        }
    }

    private static long[] parseShape(Path file, String text) throws IOException {
        String[] parts = text.split(",");
        long[] shape = new long[parts.length];
        int n = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[n] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": bad shape (" + text + ") in .npy header", e);
            }
            if (shape[n] < 0) {
                throw new IOException(file + ": negative dimension in shape (" + text + ")");
            }
            n++;
        }
        return Arrays.copyOf(shape, n);
    }

    private static int itemSize(String dtype) {
        return switch (dtype) {
            case "f4", "i4", "u4" -> 4;
            case "f8", "i8", "u8" -> 8;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> 0;
        };
    }

    private static String shapeText(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
}
