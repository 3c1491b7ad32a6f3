package lmwb.api;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * An immutable dense matrix of {@code float} values in row-major order: the currency between encoders,
 * caches, estimators and analyses. It has no engine types, so a third-party estimator needs nothing but
 * {@code lmwb.api}.
 *
 * <p>Instances never expose their backing array for writing: {@link #buffer()} is a read-only view and
 * {@link #toArray()} a copy.
 */
public final class FloatMatrix {
    private final int rows;
    private final int cols;
    private final float[] data;

    private FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix shape must be non-negative, got " + rows + " x " + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("matrix shape " + rows + " x " + cols + " needs " + ((long) rows * cols)
                    + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /**
     * Creates a matrix from a copy of {@code values}.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param values row-major values, {@code rows * cols} of them
     * @return the matrix
     * @throws IllegalArgumentException if the number of values does not match the shape
     */
    public static FloatMatrix of(int rows, int cols, float[] values) {
        return new FloatMatrix(rows, cols, Objects.requireNonNull(values, "values").clone());
    }

    /**
     * Creates a matrix that takes ownership of {@code values} without copying. The caller must not modify
     * the array afterwards.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param values row-major values, {@code rows * cols} of them
     * @return the matrix
     * @throws IllegalArgumentException if the number of values does not match the shape
     */
    public static FloatMatrix wrap(int rows, int cols, float[] values) {
        return new FloatMatrix(rows, cols, Objects.requireNonNull(values, "values"));
    }

    /**
     * Creates a matrix from row arrays, which must all have the same length.
     *
     * @param rowValues the rows
     * @return the matrix
     */
    public static FloatMatrix ofRows(float[][] rowValues) {
        int r = rowValues.length;
        int c = r == 0 ? 0 : rowValues[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rowValues[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rowValues[i].length + " values, expected " + c);
            }
            System.arraycopy(rowValues[i], 0, d, i * c, c);
        }
        return new FloatMatrix(r, c, d);
    }

    /** @return the number of rows (samples) */
    public int rows() {
        return rows;
    }

    /** @return the number of columns (dimensions) */
    public int cols() {
        return cols;
    }

    /**
     * @param row row index
     * @param col column index
     * @return the value at {@code (row, col)}
     */
    public float get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return data[row * cols + col];
    }

    /**
     * Copies one row into {@code target}.
     *
     * @param row row index
     * @param target array of at least {@link #cols()} values
     */
    public void copyRow(int row, float[] target) {
        Objects.checkIndex(row, rows);
        System.arraycopy(data, row * cols, target, 0, cols);
    }

    /** @return a read-only row-major view of the values (no copy) */
    public FloatBuffer buffer() {
        return FloatBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** @return a row-major copy of the values */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * Returns the first non-finite value's position, if any.
     *
     * @return {@code -1} when every value is finite, else the flat index of the first NaN or infinity
     */
    public long firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns a new matrix with the given rows, in the given order.
     *
     * @param indices row indices
     * @return the selected rows
     */
    public FloatMatrix selectRows(int[] indices) {
        float[] d = new float[indices.length * cols];
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], rows);
            System.arraycopy(data, indices[i] * cols, d, i * cols, cols);
        }
        return new FloatMatrix(indices.length, cols, d);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + " x " + cols + "]";
    }
}
