package lmwb.estimator.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;

/**
 * Reads the golden cases that the estimator bundles' Python generators write into their test resources (for
 * unit tests only; never referenced by estimator code, so never copied into a bundle).
 *
 * <p>A case file {@code NAME.txt}: first line {@code N D}, second line the N class ids, then N lines of D float32
 * values written with enough digits to read back exactly. {@code expected.tsv}: {@code case<TAB>options<TAB>value}
 * with options as {@code key=value,...} or {@code -}.
 */
public final class GoldenCases {
    private GoldenCases() {
    }

    /** One row of {@code expected.tsv}. */
    public record Expected(String caseName, String options, double value) {
    }

    /** One case: embeddings and labels. */
    public record Case(FloatMatrix embeddings, Labels labels) {
    }

    /**
     * @param owner a class of the test, whose class loader finds the resources
     * @param folder the resource folder, e.g. {@code /golden}
     * @return the rows of {@code expected.tsv}
     */
    public static List<Expected> expected(Class<?> owner, String folder) {
        List<Expected> out = new ArrayList<>();
        for (String line : read(owner, folder + "/expected.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Expected(f[0], f[1].equals("-") ? "" : f[1], Double.parseDouble(f[2])));
        }
        return out;
    }

    /**
     * @param owner a class of the test
     * @param folder the resource folder
     * @param name the case name
     * @return its embeddings and labels
     */
    public static Case load(Class<?> owner, String folder, String name) {
        String[] lines = read(owner, folder + "/" + name + ".txt").split("\n");
        String[] shape = lines[0].trim().split("\\s+");
        int n = Integer.parseInt(shape[0]);
        int d = Integer.parseInt(shape[1]);
        String[] ids = lines[1].trim().split("\\s+");
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = Integer.parseInt(ids[i]);
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            String[] v = lines[2 + i].trim().split("\\s+");
            for (int j = 0; j < d; j++) {
                x[i * d + j] = Float.parseFloat(v[j]);
            }
        }
        return new Case(FloatMatrix.of(n, d, x), Labels.classes(y));
    }

    private static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing; run the generator next to it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param c a case
     * @param seed the seed of the shuffle
     * @return the same rows and labels in another (seeded, reproducible) order
     */
    public static Case permuteRows(Case c, long seed) {
        int n = c.embeddings().rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Case(c.embeddings().selectRows(order), c.labels().select(order));
    }

    /**
     * @param c a case
     * @param newId maps every class id to another (must be one-to-one)
     * @return the same rows with renamed classes
     */
    public static Case relabel(Case c, java.util.function.IntUnaryOperator newId) {
        int[] ids = c.labels().classIds().clone();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = newId.applyAsInt(ids[i]);
        }
        return new Case(c.embeddings(), Labels.classes(ids));
    }
}
