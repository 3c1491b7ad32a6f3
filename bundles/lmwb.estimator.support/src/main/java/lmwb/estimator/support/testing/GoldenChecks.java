package lmwb.estimator.support.testing;

import java.util.List;
import java.util.Objects;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.UnsupportedTaskException;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenCases.Expected;

/**
 * The checks every classification estimator bundle's unit test makes on the fixed golden cases (for unit tests only;
 * never referenced by estimator code): the values of {@code expected.tsv}, separated classes above random features,
 * invariance to row order and to class ids, and the refusal of one class and of regression targets. Each check
 * throws {@link AssertionError} naming the case, so a JUnit test method is one call.
 */
public final class GoldenChecks {
    /** The fixed case with three well-separated Gaussian classes. */
    public static final String SEPARATED = "sep_n90_d6_c3";
    /** The fixed case with random features and random labels of three classes. */
    public static final String NOISE = "noise_n90_d6_c3";
    private final Class<?> owner;
    private final String folder;
    private final Estimator estimator;
    private final double tolerance;

    /**
     * @param owner the test class, whose class loader finds the golden resources
     * @param folder the resource folder, e.g. {@code /golden}
     * @param estimator the estimator under test
     * @param tolerance relative tolerance (absolute below 1)
     */
    public GoldenChecks(Class<?> owner, String folder, Estimator estimator, double tolerance) {
        this.owner = Objects.requireNonNull(owner);
        this.folder = Objects.requireNonNull(folder);
        this.estimator = Objects.requireNonNull(estimator);
        this.tolerance = tolerance;
    }

    /**
     * @param name a case
     * @return its embeddings and labels
     */
    public Case load(String name) {
        return GoldenCases.load(owner, folder, name);
    }

    /**
     * @param c a case
     * @param options estimator options as {@code key=value,...} (empty for none)
     * @return the estimator's score
     */
    public double score(Case c, String options) {
        return estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse(options), CancellationToken.NONE).value();
    }

    private void assertClose(double expected, double actual, String what) {
        if (!(Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected)))) {
            throw new AssertionError(what + ": expected " + expected + " but got " + actual + " (tolerance " + tolerance + ")");
        }
    }

    /** @param atLeast the fewest rows {@code expected.tsv} must have: every row agrees within the tolerance */
    public void matchExpected(int atLeast) {
        List<Expected> rows = GoldenCases.expected(owner, folder);
        if (rows.size() < atLeast) {
            throw new AssertionError("expected.tsv has " + rows.size() + " rows, fewer than " + atLeast);
        }
        for (Expected e : rows) {
            assertClose(e.value(), score(load(e.caseName()), e.options()), e.caseName() + " " + e.options());
        }
    }

    /** Separated classes score above random features. */
    public void separatedAboveNoise() {
        double separated = score(load(SEPARATED), "");
        double noise = score(load(NOISE), "");
        if (!(separated > noise)) {
            throw new AssertionError("separated classes scored " + separated + ", not above random features' " + noise);
        }
    }

    /** Shuffling the rows (seeded) of three cases leaves the score within the tolerance. */
    public void rowOrderInvariant() {
        for (String name : List.of(SEPARATED, "binary_n80_d12", "sparse_ids_n60_d5_c3")) {
            Case c = load(name);
            assertClose(score(c, ""), score(GoldenCases.permuteRows(c, 42), ""), name + " with its rows shuffled");
        }
    }

    /** Rotated and sparse class ids leave the score within the tolerance. */
    public void classIdInvariant() {
        Case c = load(SEPARATED);
        double base = score(c, "");
        assertClose(base, score(GoldenCases.relabel(c, id -> (id + 1) % 3), ""), "rotated ids");
        assertClose(base, score(GoldenCases.relabel(c, id -> 7 * id + 3), ""), "sparse ids");
    }

    /** One class is refused with "NAME: need at least 2 distinct classes...", regression targets as unsupported. */
    public void refusesASingleClassAndRegression() {
        FloatMatrix x = FloatMatrix.of(4, 1, new float[] {0, 1, 2, 3});
        Labels one = Labels.classes(new int[] {1, 1, 1, 1});
        try {
            estimator.score(x, one);
            throw new AssertionError("a single class was scored");
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().startsWith(estimator.name() + ": need at least 2 distinct classes")) {
                throw new AssertionError("unexpected message: " + e.getMessage(), e);
            }
        }
        if (estimator.checkLabels(one, EstimatorOptions.NONE).isEmpty()) {
            throw new AssertionError("checkLabels accepted a single class");
        }
        Labels targets = Labels.regression(new double[] {0, 1, 2, 3});
        try {
            estimator.score(x, targets);
            throw new AssertionError("regression targets were scored");
        } catch (UnsupportedTaskException expected) {
            // the task is refused as unsupported
        }
        if (estimator.checkLabels(targets, EstimatorOptions.NONE).isEmpty() || estimator.supportsRegression()) {
            throw new AssertionError("regression targets were not refused by checkLabels / supportsRegression");
        }
    }
}
