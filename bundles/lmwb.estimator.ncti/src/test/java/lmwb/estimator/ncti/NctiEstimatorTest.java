package lmwb.estimator.ncti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.estimator.support.testing.GoldenCases.Case;
import lmwb.estimator.support.testing.GoldenChecks;
import org.junit.jupiter.api.Test;

/**
 * NctiEstimator: golden values and properties. Expected values come from {@code src/test/resources/golden/generate.py}:
 * scikit-learn's PCA and LinearDiscriminantAnalysis(solver="eigen", shrinkage) as the authors' NCTI_Score uses them,
 * numpy's nuclear norms and the authors' min-max combination, on the fixed float32 cases written next to it.
 */
class NctiEstimatorTest {
    /** Eigen- and singular-value routines of two libraries agree to rounding; 1e-9 relative leaves room for that. */
    private static final double TOLERANCE = 1e-9;
    private final NctiEstimator estimator = new NctiEstimator();
    private final GoldenChecks checks = new GoldenChecks(NctiEstimatorTest.class, "/golden", estimator, TOLERANCE);

    private Score raw(Case c, String options) {
        return estimator.score(c.embeddings(), c.labels(), EstimatorOptions.parse(options), CancellationToken.NONE);
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + " but got " + actual);
    }

    private static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = NctiEstimatorTest.class.getResourceAsStream(resource)) {
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t"));
                }
            }
            return out;
        }
    }

    @Test
    void matchesScikitLearnsPcaAndLdaValueByValue() {
        checks.matchExpected(11);
    }

    @Test
    void everyTermAndTheShrinkageMatchTheReference() throws IOException {
        List<String[]> rows = rows("/golden/terms.tsv");
        assertEquals(9, rows.size());
        for (String[] r : rows) {
            Map<String, Double> d = raw(checks.load(r[0]), "").details();
            close(Double.parseDouble(r[1]), d.get(NctiEstimator.SELI), r[0] + " seli");
            close(Double.parseDouble(r[2]), d.get(NctiEstimator.NCC), r[0] + " ncc");
            close(Double.parseDouble(r[3]), d.get(NctiEstimator.VC), r[0] + " vc");
            close(Double.parseDouble(r[4]), d.get("shrinkage"), r[0] + " shrinkage");
        }
    }

    /** The four candidates of ranking.tsv: the separated case, two noisier copies (seed 16) and noise, min-max combined. */
    @Test
    void combinesTheCandidatesOfOneRankingAsTheAuthorsScriptDoes() throws IOException {
        Case sep = checks.load("sep_n120_d70_c3");
        List<Score> raw = new ArrayList<>();
        for (String name : List.of("sep_n120_d70_c3", "ranking_sd005", "ranking_sd015", "ranking_noise")) {
            Case c = checks.load(name);
            assertArrayEquals(sep.labels().classIds(), c.labels().classIds());
            raw.add(raw(c, ""));
        }
        double[] combined = estimator.combine(raw);
        List<String[]> expected = rows("/golden/ranking.tsv");
        for (int i = 0; i < 4; i++) {
            close(Double.parseDouble(expected.get(i)[2]), combined[i], "candidate " + i);
        }
        assertTrue(combined[0] > combined[1] && combined[1] > combined[2] && combined[2] > combined[3],
                "less noise ranks higher: " + java.util.Arrays.toString(combined));
    }

    @Test
    void aTermEqualForEveryCandidateNormalisesToZeroAndAnUnscoredCandidateStaysNaN() {
        Score a = new Score("ncti", 0, Map.of("seli", 2.0, "ncc", 0.5, "vc", 1.0));
        Score b = new Score("ncti", 0, Map.of("seli", 4.0, "ncc", 0.5, "vc", 1.0));
        double[] out = estimator.combine(List.of(a, b, Score.of("ncti", Double.NaN)));
        assertEquals(0.0, out[0]);
        assertEquals(1.0, out[1]);
        assertTrue(Double.isNaN(out[2]));
        assertEquals(0.0, estimator.combine(List.of(a))[0], "a single candidate has nothing to be normalised against");
    }

    @Test
    void separatedClassesScoreAboveRandomFeatures() {
        for (String[] pair : new String[][] {{"sep_n90_d6_c3", "noise_n90_d6_c3"}, {"sep_n120_d70_c3", "noise_n90_d70_c3"}}) {
            Map<String, Double> sep = raw(checks.load(pair[0]), "").details();
            Map<String, Double> noise = raw(checks.load(pair[1]), "").details();
            assertTrue(sep.get("ncc") > noise.get("ncc"), pair[0] + " ncc");
            assertTrue(sep.get("seli") > noise.get("seli"), pair[0] + " seli");
            double[] combined = estimator.combine(List.of(raw(checks.load(pair[0]), ""), raw(checks.load(pair[1]), "")));
            assertTrue(combined[0] > combined[1], pair[0] + " above " + pair[1] + ": " + combined[0] + " vs " + combined[1]);
        }
    }

    @Test
    void rowOrderDoesNotChangeTheScore() {
        checks.rowOrderInvariant();
    }

    @Test
    void classIdsDoNotChangeTheScore() {
        checks.classIdInvariant();
    }

    @Test
    void refusesASingleClassRegressionAndBadOptions() {
        checks.refusesASingleClassAndRegression();
        Case c = checks.load("sep_n90_d6_c3");
        assertEquals("option shrinkage=1.5 must be in (0, 1]; leave it out for the authors' adaptive shrinkage",
                assertThrows(IllegalArgumentException.class, () -> raw(c, "shrinkage=1.5")).getMessage());
        assertEquals("option components=0 must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> raw(c, "components=0")).getMessage());
        FloatMatrix constant = FloatMatrix.of(4, 2, new float[8]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> estimator.score(constant,
                lmwb.api.Labels.classes(new int[] {0, 1, 0, 1}))).getMessage().startsWith("ncti: the within-class covariance"));
    }
}
