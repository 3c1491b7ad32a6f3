package lmwb.diagnostics.labelissues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import lmwb.api.FloatMatrix;
import lmwb.api.io.Npy;

/**
 * Probabilities and labels the user already has ({@code --pred-probs P.npy --labels y.npy}), checked: N × C with
 * C ≥ 2, one integer label in [0, C) per row, every class given at least once, at least two classes, values in
 * [0, 1]; rows that sum to one within {@value #RENORMALISE} are renormalised (with a note), others refused.
 *
 * @param probabilities N × C, rows summing to one
 * @param labels the given labels
 * @param hash SHA-256 of the two files' bytes
 */
public record GivenProbabilities(double[][] probabilities, int[] labels, String hash) {
    /** The largest |row sum − 1| renormalised silently but for a note; beyond it, the input is refused. */
    public static final double RENORMALISE = 0.01;

    /**
     * @param probsFile the {@code .npy} of probabilities
     * @param labelsFile the {@code .npy} of labels
     * @param notes where a renormalisation note goes
     * @return the checked input
     * @throws IOException when a file cannot be read
     */
    public static GivenProbabilities read(Path probsFile, Path labelsFile, List<String> notes) throws IOException {
        for (Path f : List.of(probsFile, labelsFile)) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(f + " does not exist or is not a file");
            }
        }
        FloatMatrix m = Npy.readMatrix(probsFile);
        double[] y = Npy.readVector(labelsFile);
        double[][] p = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                p[i][j] = m.get(i, j);
            }
        }
        int[] labels = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] != Math.rint(y[i]) || y[i] < 0) {
                throw new IllegalArgumentException(labelsFile + ": label " + i + " is " + y[i] + "; labels must be class numbers 0.."
                        + (m.cols() - 1));
            }
            labels[i] = (int) y[i];
        }
        return new GivenProbabilities(check(p, labels, probsFile.getFileName().toString(), notes), labels,
                sha256(probsFile, labelsFile));
    }

    /**
     * @param p N × C probabilities (renormalised in place where needed)
     * @param labels the given labels
     * @param what the probabilities' name for messages
     * @param notes where a renormalisation note goes
     * @return {@code p}
     */
    public static double[][] check(double[][] p, int[] labels, String what, List<String> notes) {
        int n = p.length;
        if (n != labels.length) {
            throw new IllegalArgumentException(what + " has " + n + " rows but there are " + labels.length
                    + " labels; give one row of probabilities per label");
        }
        if (n == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        int c = p[0].length;
        if (c < 2) {
            throw new IllegalArgumentException(what + " has " + c + " column; label issues need probabilities of at least two classes");
        }
        int[] counts = new int[c];
        for (int i = 0; i < n; i++) {
            if (labels[i] >= c) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + " but " + what + " has only " + c
                        + " columns (classes 0.." + (c - 1) + ")");
            }
            counts[labels[i]]++;
        }
        int given = 0;
        for (int j = 0; j < c; j++) {
            given += counts[j] > 0 ? 1 : 0;
        }
        if (given < 2) {
            throw new IllegalArgumentException("every label is " + labels[0] + ": a single class has no label issues to find; "
                    + "give labels of at least two classes");
        }
        for (int j = 0; j < c; j++) {
            if (counts[j] == 0) {
                throw new IllegalArgumentException("class " + j + " is never given in the labels, so its threshold (the mean "
                        + "probability of the examples labelled " + j + ") is undefined; drop column " + j + " of " + what
                        + " or check the labels");
            }
        }
        int renormalised = 0;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double v = p[i][j];
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException(what + " row " + i + " column " + j + " is " + v
                            + "; probabilities must be in [0, 1] (pass softmax outputs, not logits)");
                }
                sum += v;
            }
            double off = Math.abs(sum - 1);
            if (off > RENORMALISE) {
                throw new IllegalArgumentException(what + " row " + i + " sums to " + (float) sum
                        + ", not 1; pass probabilities (softmax outputs) whose rows sum to one");
            }
            if (off > 1e-6) {
                renormalised++;
                worst = Math.max(worst, off);
                for (int j = 0; j < c; j++) {
                    p[i][j] /= sum;
                }
            }
        }
        if (renormalised > 0) {
            notes.add(renormalised + " rows of " + what + " did not sum to 1 (off by at most " + (float) worst + "); renormalised");
        }
        return p;
    }

    private static String sha256(Path a, Path b) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(a));
            md.update(Files.readAllBytes(b));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
