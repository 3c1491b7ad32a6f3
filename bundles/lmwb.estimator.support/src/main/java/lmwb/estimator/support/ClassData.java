package lmwb.estimator.support;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.UnsupportedTaskException;

/**
 * The validated input of a classification estimator: the embeddings in float64 (row-major N×D) and, per row, the
 * index of its class among the sorted distinct class ids present. Estimators work on class indices 0..C−1 only,
 * so that neither the numbering of the classes (sparse ids, permuted ids) nor absent ids change a score.
 */
public final class ClassData {
    private final int rows;
    private final int cols;
    private final double[] values;
    private final int[] distinct;
    private final int[] index;
    private final int[] counts;

    private ClassData(int rows, int cols, double[] values, int[] distinct, int[] index, int[] counts) {
        this.rows = rows;
        this.cols = cols;
        this.values = values;
        this.distinct = distinct;
        this.index = index;
        this.counts = counts;
    }

    /**
     * Checks the input every classification estimator needs: class labels (not regression targets), one per row,
     * finite embeddings, at least 2 distinct classes and {@code minPerClass} rows in every class.
     *
     * @param estimator the estimator's name, first word of every message
     * @param embeddings N×D embeddings
     * @param labels N labels
     * @param minPerClass the fewest rows a class may have
     * @param why why the estimator needs them, for the message
     * @return the validated input
     * @throws UnsupportedTaskException for regression targets
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public static ClassData of(String estimator, FloatMatrix embeddings, Labels labels, int minPerClass, String why) {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(labels, "labels");
        if (labels.isRegression()) {
            throw new UnsupportedTaskException(estimator + " scores class labels only, not regression targets; use logme or knn"
                    + " for regression");
        }
        int n = embeddings.rows();
        int d = embeddings.cols();
        if (n < 2 || d < 1) {
            throw new IllegalArgumentException(estimator + ": need at least 2 samples and 1 dimension, got embeddings of shape "
                    + n + " x " + d);
        }
        if (labels.size() != n) {
            throw new IllegalArgumentException(estimator + ": embeddings have " + n + " rows but there are " + labels.size()
                    + " labels; pass one label per embedding row");
        }
        long bad = embeddings.firstNonFinite();
        if (bad >= 0) {
            int r = (int) (bad / d);
            int c = (int) (bad % d);
            throw new IllegalArgumentException(estimator + ": embedding value at row " + r + ", column " + c + " is "
                    + embeddings.get(r, c) + "; embeddings must be finite (check the encoder output for overflow)");
        }
        Optional<String> problem = checkClasses(estimator, labels.classIds(), minPerClass, why);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        int[] ids = labels.classIds();
        int[] distinct = Arrays.stream(ids).distinct().sorted().toArray();
        int[] index = new int[n];
        int[] counts = new int[distinct.length];
        for (int i = 0; i < n; i++) {
            index[i] = Arrays.binarySearch(distinct, ids[i]);
            counts[index[i]]++;
        }
        float[] f = embeddings.toArray();
        double[] x = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            x[i] = f[i];
        }
        return new ClassData(n, d, x, distinct, index, counts);
    }

    /**
     * The checks of {@link #of} that need no embeddings, for {@code Estimator.checkLabels}.
     *
     * @param estimator the estimator's name
     * @param labels the labels
     * @param options the options it will get
     * @param allowed the option keys it understands
     * @param minPerClass the fewest rows a class may have
     * @param why why, for the message
     * @return what is wrong and what to do, or empty
     */
    public static Optional<String> checkLabels(String estimator, Labels labels, EstimatorOptions options, Set<String> allowed,
            int minPerClass, String why) {
        try {
            options.requireOnly(estimator, allowed);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (labels.isRegression()) {
            return Optional.of(estimator + " scores class labels only, not regression targets; use logme or knn for regression");
        }
        return checkClasses(estimator, labels.classIds(), minPerClass, why);
    }

    private static Optional<String> checkClasses(String estimator, int[] ids, int minPerClass, String why) {
        int[] distinct = Arrays.stream(ids).distinct().sorted().toArray();
        if (distinct.length < 2) {
            return Optional.of(estimator + ": need at least 2 distinct classes, the labels contain only "
                    + Arrays.toString(distinct) + "; check the label column (--label-column) and the task (--task)");
        }
        for (int c : distinct) {
            long count = Arrays.stream(ids).filter(v -> v == c).count();
            if (count < minPerClass) {
                return Optional.of(estimator + ": class " + c + " has " + count + " sample(s) but at least " + minPerClass
                        + " are needed (" + why + "); drop the class or add samples");
            }
        }
        return Optional.empty();
    }

    /** @return N */
    public int rows() {
        return rows;
    }

    /** @return D */
    public int cols() {
        return cols;
    }

    /** @return the embeddings in float64, row-major N×D (this object's own copy: callers may change it) */
    public double[] values() {
        return values;
    }

    /** @return the number of distinct classes C */
    public int classCount() {
        return distinct.length;
    }

    /** @return the sorted distinct class ids (not a copy) */
    public int[] distinctClasses() {
        return distinct;
    }

    /** @return per row, its class index in 0..C−1 (not a copy) */
    public int[] classIndex() {
        return index;
    }

    /** @return rows per class index (not a copy) */
    public int[] classCounts() {
        return counts;
    }

    /**
     * @param c a class index
     * @return the rows of that class, a new row-major {@code count×D} array
     */
    public double[] rowsOf(int c) {
        double[] out = new double[counts[c] * cols];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            if (index[i] == c) {
                System.arraycopy(values, i * cols, out, k * cols, cols);
                k++;
            }
        }
        return out;
    }
}
