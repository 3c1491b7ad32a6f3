package lmwb.diagnostics.labelissues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import lmwb.api.diagnostics.IssueRanking;
import lmwb.api.diagnostics.LabelIssueMethod;
import org.junit.jupiter.api.Test;

/**
 * Confident learning against a hand-computed case and against an independent numpy program
 * ({@code src/test/resources/reference/label_issues_reference.py}, which wrote {@code label_issues_reference.json}:
 * three seeded cases of 40–200 examples, 2–5 classes, 20 % flipped labels).
 */
class ConfidentLearningTest {
    /**
     * By hand: t_0 = (0.9 + 0.8 + 0.3) / 3 = 0.6667, t_1 = (0.7 + 0.8 + 0.4) / 3 = 0.6333. Confident classes:
     * examples 0, 1 → 0; 2, 3 → 1; 4 (0.6 &lt; t_0, 0.4 &lt; t_1) none; 5 (labelled 0, p_1 = 0.7 ≥ t_1) → 1.
     * C = [[2, 1], [0, 2]], n = ⌊6 · (1 − 4/5)⌋ = 1; margins: 0.8, 0.6, 0.4, 0.6, −0.2, −0.4 → the issue is example 5.
     */
    @Test
    void aHandComputedCase() {
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}};
        int[] s = {0, 0, 1, 1, 1, 0};
        ConfidentLearning cl = new ConfidentLearning(p, s);
        assertArrayEquals(new double[] {2.0 / 3, 1.9 / 3}, cl.thresholds(), 1e-12);
        assertArrayEquals(new long[][] {{2, 1}, {0, 2}}, cl.confidentJoint());
        assertEquals(1, cl.publishedCount());
        assertArrayEquals(new int[] {5}, cl.issues(LabelIssueMethod.PUBLISHED, IssueRanking.SELF_CONFIDENCE, false));
        assertEquals(-0.4, cl.margin(5), 1e-12);
        assertEquals(1, cl.bestOther(5));
        assertArrayEquals(new int[] {5}, cl.issues(LabelIssueMethod.CONFIDENT_LEARNING, IssueRanking.SELF_CONFIDENCE, false));
        // argmax differs from the given label for examples 4 (0.6 > 0.4, labelled 1) and 5; by self-confidence 5 (0.3) first
        assertArrayEquals(new int[] {5, 4}, cl.issues(LabelIssueMethod.PREDICTED_NEQ_GIVEN, IssueRanking.SELF_CONFIDENCE, false));
        // by margin: 5 (−0.4) before 4 (−0.2)
        assertArrayEquals(new int[] {5, 4}, cl.issues(LabelIssueMethod.PREDICTED_NEQ_GIVEN, IssueRanking.NORMALIZED_MARGIN, false));
    }

    @Test
    void agreesWithTheIndependentNumpyProgram() throws Exception {
        JsonArray cases;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/reference/label_issues_reference.json"),
                StandardCharsets.UTF_8)) {
            cases = JsonParser.parseReader(in).getAsJsonArray();
        }
        assertEquals(3, cases.size());
        for (JsonElement c : cases) {
            JsonObject o = c.getAsJsonObject();
            double[][] p = matrix(o.getAsJsonArray("probabilities"));
            int[] s = ints(o.getAsJsonArray("labels"));
            JsonObject e = o.getAsJsonObject("expected");
            String name = "case seed " + o.get("seed").getAsInt();
            ConfidentLearning cl = new ConfidentLearning(p, s);
            assertArrayEquals(doubles(e.getAsJsonArray("thresholds")), cl.thresholds(), 1e-12, name);
            assertArrayEquals(longs(e.getAsJsonArray("confident_joint")), cl.confidentJoint(), name);
            assertArrayEquals(longs(e.getAsJsonArray("calibrated_joint")), cl.calibratedJoint(), name);
            assertEquals(e.get("published_count").getAsInt(), cl.publishedCount(), name);
            int[] published = cl.issues(LabelIssueMethod.PUBLISHED, IssueRanking.SELF_CONFIDENCE, false);
            assertArrayEquals(ints(e.getAsJsonArray("published")), published, name + ": ordered by margin");
            double[] scores = Arrays.stream(published).mapToDouble(i -> cl.score(i, IssueRanking.NORMALIZED_MARGIN)).toArray();
            assertArrayEquals(doubles(e.getAsJsonArray("published_scores")), scores, 1e-12, name);
            assertArrayEquals(ints(e.getAsJsonArray("confident_learning")), sorted(cl.issues(LabelIssueMethod.CONFIDENT_LEARNING,
                    IssueRanking.SELF_CONFIDENCE, false)), name);
            assertArrayEquals(ints(e.getAsJsonArray("predicted_neq_given")), sorted(cl.issues(LabelIssueMethod.PREDICTED_NEQ_GIVEN,
                    IssueRanking.SELF_CONFIDENCE, false)), name);
            for (boolean calibrate : new boolean[] {false, true}) {
                JsonObject f = e.getAsJsonObject("filters").getAsJsonObject(calibrate ? "calibrated" : "uncalibrated");
                for (LabelIssueMethod m : new LabelIssueMethod[] {LabelIssueMethod.PRUNE_BY_NOISE_RATE, LabelIssueMethod.PRUNE_BY_CLASS,
                        LabelIssueMethod.BOTH}) {
                    int[] got = cl.issues(m, IssueRanking.SELF_CONFIDENCE, calibrate);
                    assertArrayEquals(ints(f.getAsJsonArray(m.name().toLowerCase())), sorted(got), name + " " + m + " calibrated=" + calibrate);
                    double[] sc = Arrays.stream(got).mapToDouble(i -> cl.score(i, IssueRanking.SELF_CONFIDENCE)).toArray();
                    for (int k = 1; k < sc.length; k++) {
                        assertEquals(true, sc[k - 1] <= sc[k], "ranked by self-confidence, lowest first");
                    }
                }
            }
        }
    }

    @Test
    void roundingKeepsTheRowTotal() {
        // 1.5 + 2.5 + 1.0 = 5: floors 1 + 2 + 1 = 4, the one missing unit goes to the first of the two .5 fractions
        assertArrayEquals(new long[] {2, 2, 1}, ConfidentLearning.roundPreservingSum(new double[] {1.5, 2.5, 1.0}));
        assertArrayEquals(new long[] {0, 3}, ConfidentLearning.roundPreservingSum(new double[] {0.2, 2.8}));
    }

    private static int[] sorted(int[] v) {
        int[] c = v.clone();
        Arrays.sort(c);
        return c;
    }

    private static double[][] matrix(JsonArray a) {
        return IntStream.range(0, a.size()).mapToObj(i -> doubles(a.get(i).getAsJsonArray())).toArray(double[][]::new);
    }

    private static double[] doubles(JsonArray a) {
        return IntStream.range(0, a.size()).mapToDouble(i -> a.get(i).getAsDouble()).toArray();
    }

    private static int[] ints(JsonArray a) {
        return IntStream.range(0, a.size()).map(i -> a.get(i).getAsInt()).toArray();
    }

    private static long[][] longs(JsonArray a) {
        return IntStream.range(0, a.size()).mapToObj(i -> {
            JsonArray r = a.get(i).getAsJsonArray();
            return IntStream.range(0, r.size()).mapToLong(k -> r.get(k).getAsLong()).toArray();
        }).toArray(long[][]::new);
    }
}
