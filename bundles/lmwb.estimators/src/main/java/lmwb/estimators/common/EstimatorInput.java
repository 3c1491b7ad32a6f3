package lmwb.estimators.common;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.UnsupportedTaskException;

/**
 * Validated input of one estimator call: the embeddings as a row-major {@code float} array, the labels, and
 * for classification the sorted distinct class ids with their per-sample index and counts. Every estimator
 * goes through {@link #of(String, FloatMatrix, Labels)} so that all of them refuse bad input with the same
 * messages.
 */
public final class EstimatorInput {
    private final String estimator;
    private final int rows;
    private final int cols;
    private final float[] values;
    private final Labels labels;
    private final int[] classIds;
    private final int[] distinctClasses;
    private final int[] classIndex;
    private final int[] classCounts;

    private EstimatorInput(String estimator, FloatMatrix embeddings, Labels labels) {
        this.estimator = estimator;
        this.rows = embeddings.rows();
        this.cols = embeddings.cols();
        this.values = embeddings.toArray();
        this.labels = labels;
        if (labels.isRegression()) {
            classIds = null;
            distinctClasses = new int[0];
            classIndex = null;
            classCounts = new int[0];
        } else {
            classIds = labels.classIds();
            distinctClasses = Arrays.stream(classIds).distinct().sorted().toArray();
            classIndex = new int[rows];
            classCounts = new int[distinctClasses.length];
            for (int i = 0; i < rows; i++) {
                int c = Arrays.binarySearch(distinctClasses, classIds[i]);
                classIndex[i] = c;
                classCounts[c]++;
            }
        }
    }

    /**
     * Validates the shapes and values common to every estimator: at least two samples and one dimension, as
     * many labels as rows, finite embeddings, and for classification at least two distinct classes.
     *
     * @param estimator the estimator's name, for messages
     * @param embeddings N×D embeddings
     * @param labels N labels
     * @return the validated input
     * @throws IllegalArgumentException saying what is wrong
     */
    public static EstimatorInput of(String estimator, FloatMatrix embeddings, Labels labels) {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(labels, "labels");
        if (embeddings.rows() < 2 || embeddings.cols() < 1) {
            throw new IllegalArgumentException(estimator + ": need at least 2 samples and 1 dimension, got embeddings of shape "
                    + embeddings.rows() + " x " + embeddings.cols());
        }
        if (labels.size() != embeddings.rows()) {
            throw new IllegalArgumentException(estimator + ": embeddings have " + embeddings.rows() + " rows but there are "
                    + labels.size() + " labels; pass one label per embedding row");
        }
        long bad = embeddings.firstNonFinite();
        if (bad >= 0) {
            int r = (int) (bad / embeddings.cols());
            int c = (int) (bad % embeddings.cols());
            throw new IllegalArgumentException(estimator + ": embedding value at row " + r + ", column " + c + " is "
                    + embeddings.get(r, c) + "; embeddings must be finite (check the encoder output for overflow)");
        }
        EstimatorInput in = new EstimatorInput(estimator, embeddings, labels);
        if (!labels.isRegression() && in.distinctClasses.length < 2) {
            throw new IllegalArgumentException(estimator + ": need at least 2 distinct classes, the labels contain only "
                    + Arrays.toString(in.distinctClasses));
        }
        return in;
    }

    /**
     * The checks of {@link #of} that need no embeddings, for {@code Estimator.checkLabels}: known option keys,
     * at least 2 samples, and for classification at least 2 distinct classes and {@code minPerClass} samples
     * in every class.
     *
     * @param estimator the estimator's name, for messages
     * @param labels the labels
     * @param options the options the estimator will get
     * @param allowed the option keys it understands
     * @param minPerClass the fewest samples every class needs (1 for no requirement)
     * @param why why it needs them, for the message
     * @return what is wrong and what to do, or empty
     */
    public static Optional<String> checkLabels(String estimator, Labels labels, EstimatorOptions options, Set<String> allowed,
            int minPerClass, String why) {
        try {
            options.requireOnly(estimator, allowed);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (labels.size() < 2) {
            return Optional.of(estimator + ": need at least 2 samples, got " + labels.size() + "; use more data");
        }
        if (labels.isRegression()) {
            return Optional.empty();
        }
        int[] ids = labels.classIds();
        int[] distinct = Arrays.stream(ids).distinct().sorted().toArray();
        if (distinct.length < 2) {
            return Optional.of(estimator + ": need at least 2 distinct classes, the labels contain only "
                    + Arrays.toString(distinct) + "; check the label column (--label-column) and the task (--task)");
        }
        int[] counts = new int[distinct[distinct.length - 1] + 1];
        for (int id : ids) {
            counts[id]++;
        }
        for (int c : distinct) {
            if (counts[c] < minPerClass) {
                return Optional.of(estimator + ": class " + c + " has " + counts[c] + " sample(s) but at least " + minPerClass
                        + " are needed (" + why + "); drop the class or add samples");
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses regression targets.
     *
     * @param alternatives estimators that can score regression, for the message
     * @return this input
     * @throws UnsupportedTaskException for regression labels
     */
    public EstimatorInput requireClassification(String alternatives) {
        if (labels.isRegression()) {
            throw new UnsupportedTaskException(estimator + " cannot score regression targets; use " + alternatives + " instead");
        }
        return this;
    }

    /**
     * Requires every class to have at least {@code min} samples (classification only).
     *
     * @param min the minimum count
     * @param why why the estimator needs it, for the message
     * @return this input
     */
    public EstimatorInput requireSamplesPerClass(int min, String why) {
        for (int c = 0; c < distinctClasses.length; c++) {
            if (classCounts[c] < min) {
                throw new IllegalArgumentException(estimator + ": class " + distinctClasses[c] + " has " + classCounts[c]
                        + " sample(s) but at least " + min + " are needed (" + why + "); drop the class or add samples");
            }
        }
        return this;
    }

    /**
     * Requires binary class ids to be exactly {0, 1} (when there are two classes).
     *
     * @param why why, for the message
     * @return this input
     */
    public EstimatorInput requireBinaryZeroOne(String why) {
        if (distinctClasses.length == 2 && (distinctClasses[0] != 0 || distinctClasses[1] != 1)) {
            throw new IllegalArgumentException(estimator + ": binary labels must be 0 and 1 (" + why + "), found "
                    + Arrays.toString(distinctClasses) + "; relabel them to 0/1");
        }
        return this;
    }

    /** @return number of samples N */
    public int rows() {
        return rows;
    }

    /** @return number of dimensions D */
    public int cols() {
        return cols;
    }

    /** @return the row-major N×D values (a private copy, callers may not modify it) */
    public float[] values() {
        return values;
    }

    /** @return the embeddings as float64, row-major */
    public double[] valuesAsDouble() {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    /** @return whether the labels are regression targets */
    public boolean isRegression() {
        return labels.isRegression();
    }

    /** @return the labels */
    public Labels labels() {
        return labels;
    }

    /** @return the raw class id per sample (classification only; not a copy) */
    public int[] classIds() {
        return classIds;
    }

    /** @return the sorted distinct class ids */
    public int[] distinctClasses() {
        return distinctClasses;
    }

    /** @return number of distinct classes C (0 for regression) */
    public int classCount() {
        return distinctClasses.length;
    }

    /** @return per sample, the index of its class in {@link #distinctClasses()} (not a copy) */
    public int[] classIndex() {
        return classIndex;
    }

    /** @return samples per class, in the order of {@link #distinctClasses()} (not a copy) */
    public int[] classCounts() {
        return classCounts;
    }
}
