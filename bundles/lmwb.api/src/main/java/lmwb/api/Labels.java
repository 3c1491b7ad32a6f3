package lmwb.api;

import java.util.Arrays;

/**
 * Target values for N samples: either class ids {@code 0..C-1} (classification, including token
 * classification where each word is a sample) or real numbers (regression). Immutable.
 */
public final class Labels {
    private final int[] classes;
    private final double[] values;
    private final int classCount;

    private Labels(int[] classes, double[] values) {
        this.classes = classes;
        this.values = values;
        if (classes != null) {
            int max = -1;
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] < 0) {
                    throw new IllegalArgumentException("class ids must be >= 0, found " + classes[i] + " at index " + i);
                }
                max = Math.max(max, classes[i]);
            }
            this.classCount = max + 1;
        } else {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException("regression target at index " + i + " is not finite: " + values[i]);
                }
            }
            this.classCount = 0;
        }
    }

    /**
     * @param ids class id per sample, each {@code >= 0}
     * @return classification labels (copied)
     */
    public static Labels classes(int[] ids) {
        return new Labels(ids.clone(), null);
    }

    /**
     * @param targets real-valued target per sample, all finite
     * @return regression labels (copied)
     */
    public static Labels regression(double[] targets) {
        return new Labels(null, targets.clone());
    }

    /** @return whether these are real-valued regression targets */
    public boolean isRegression() {
        return values != null;
    }

    /** @return number of samples */
    public int size() {
        return classes != null ? classes.length : values.length;
    }

    /** @return a copy of the class ids; throws for regression labels */
    public int[] classIds() {
        if (classes == null) {
            throw new IllegalStateException("regression labels have no class ids");
        }
        return classes.clone();
    }

    /** @return the targets as doubles (class ids converted for classification), a copy */
    public double[] values() {
        if (values != null) {
            return values.clone();
        }
        return Arrays.stream(classes).asDoubleStream().toArray();
    }

    /** @return {@code max id + 1} for classification, 0 for regression */
    public int classCount() {
        return classCount;
    }

    /** @return the number of distinct class ids present (0 for regression) */
    public int distinctClasses() {
        return classes == null ? 0 : (int) Arrays.stream(classes).distinct().count();
    }

    /**
     * @param indices sample indices
     * @return the labels of the given samples, in that order
     */
    public Labels select(int[] indices) {
        if (classes != null) {
            int[] c = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                c[i] = classes[indices[i]];
            }
            return new Labels(c, null);
        }
        double[] v = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            v[i] = values[indices[i]];
        }
        return new Labels(null, v);
    }

    @Override
    public String toString() {
        return isRegression() ? "Labels[regression, n=" + size() + "]" : "Labels[classes=" + classCount + ", n=" + size() + "]";
    }
}
