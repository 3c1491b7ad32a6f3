package lmwb.ranker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import lmwb.api.CancellationToken;

/**
 * Rank stability by the bootstrap (issue 18, part 3): resample the examples B times (seeded), score every candidate
 * (a model, or a layer of one model) on each resample from the embeddings already computed, and report per
 * candidate the mean score, its 95 % percentile interval and how often it ranks first, plus every pair whose order
 * in the full-data ranking is reversed in more than {@value #UNSTABLE_SHARE} of the resamples.
 *
 * <p>Paired: every candidate is scored on the same resample, so a swap share compares like with like.
 * Stratified: for class labels each resample draws, with replacement, as many rows of every class as the data
 * has, so that no resample loses a class (which an estimator would refuse). A score that is not finite counts as
 * the lowest for ordering and is left out of the mean and interval.
 */
public final class RankStability {
    /** A pair whose order flips in more than this share of resamples is reported as unstable. */
    public static final double UNSTABLE_SHARE = 0.05;

    /** Scores one candidate on the rows of one resample (row indices may repeat). */
    @FunctionalInterface
    public interface RowScorer {
        /**
         * @param candidate the candidate's index
         * @param rows the resample's row indices
         * @return the score
         */
        double score(int candidate, int[] rows);
    }

    /**
     * One candidate's bootstrap summary.
     *
     * @param name the candidate
     * @param score its score on all rows
     * @param mean the mean over the resamples
     * @param low the 2.5 % percentile
     * @param high the 97.5 % percentile
     * @param firstShare the share of resamples in which it scored highest
     */
    public record CandidateStability(String name, double score, double mean, double low, double high, double firstShare) {
    }

    /**
     * A pair whose order is not stable.
     *
     * @param above the candidate ranked higher on all rows
     * @param below the one ranked lower
     * @param share the share of resamples in which {@code below} scored higher than {@code above}
     */
    public record Swap(String above, String below, double share) {
    }

    /**
     * @param resamples B
     * @param seed the seed of the resampling
     * @param candidates per candidate, in the order given
     * @param unstable the pairs whose order flips in more than {@value #UNSTABLE_SHARE} of the resamples,
     *     most often flipped first
     */
    public record Report(int resamples, long seed, List<CandidateStability> candidates, List<Swap> unstable) {
    }

    private RankStability() {
    }

    /**
     * @param names the candidates
     * @param fullScores their scores on all rows
     * @param strata per row its class index (stratified resampling), or {@code null} for regression targets
     * @param rows the number of rows
     * @param resamples B, at least 1
     * @param seed the seed
     * @param scorer scores a candidate on a resample
     * @param cancel checked before every resample
     * @return the report
     */
    public static Report bootstrap(List<String> names, double[] fullScores, int[] strata, int rows, int resamples, long seed,
            RowScorer scorer, CancellationToken cancel) {
        if (resamples < 1) {
            throw new IllegalArgumentException("--bootstrap must be at least 1, got " + resamples);
        }
        if (names.size() != fullScores.length) {
            throw new IllegalArgumentException("one full-data score per candidate is needed");
        }
        int k = names.size();
        int[][] groups = groups(strata, rows);
        double[][] scores = new double[k][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            cancel.throwIfCancelled();
            int[] sample = resample(groups, rows, random);
            for (int c = 0; c < k; c++) {
                scores[c][b] = scorer.score(c, sample);
            }
        }
        int[] firsts = new int[k];
        for (int b = 0; b < resamples; b++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (order(scores[c][b]) > order(scores[best][b])) {
                    best = c;
                }
            }
            firsts[best]++;
        }
        List<CandidateStability> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] finite = Arrays.stream(scores[c]).filter(Double::isFinite).sorted().toArray();
            double mean = finite.length == 0 ? Double.NaN : Arrays.stream(finite).average().orElse(Double.NaN);
            out.add(new CandidateStability(names.get(c), fullScores[c], mean, percentile(finite, 0.025),
                    percentile(finite, 0.975), (double) firsts[c] / resamples));
        }
        List<Swap> swaps = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int z = 0; z < k; z++) {
                if (a == z || !(order(fullScores[a]) > order(fullScores[z]))) {
                    continue;
                }
                int flipped = 0;
                for (int b = 0; b < resamples; b++) {
                    if (order(scores[z][b]) > order(scores[a][b])) {
                        flipped++;
                    }
                }
                double share = (double) flipped / resamples;
                if (share > UNSTABLE_SHARE) {
                    swaps.add(new Swap(names.get(a), names.get(z), share));
                }
            }
        }
        swaps.sort((p, q) -> Double.compare(q.share(), p.share()));
        return new Report(resamples, seed, List.copyOf(out), List.copyOf(swaps));
    }

    private static double order(double score) {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    private static int[][] groups(int[] strata, int rows) {
        if (strata == null) {
            int[] all = new int[rows];
            Arrays.setAll(all, i -> i);
            return new int[][] {all};
        }
        if (strata.length != rows) {
            throw new IllegalArgumentException("one class index per row is needed");
        }
        int classes = Arrays.stream(strata).max().orElse(-1) + 1;
        int[] counts = new int[classes];
        for (int s : strata) {
            counts[s]++;
        }
        int[][] groups = new int[classes][];
        int[] filled = new int[classes];
        for (int c = 0; c < classes; c++) {
            groups[c] = new int[counts[c]];
        }
        for (int i = 0; i < rows; i++) {
            groups[strata[i]][filled[strata[i]]++] = i;
        }
        return groups;
    }

    private static int[] resample(int[][] groups, int rows, SplittableRandom random) {
        int[] sample = new int[rows];
        int k = 0;
        for (int[] group : groups) {
            for (int i = 0; i < group.length; i++) {
                sample[k++] = group[random.nextInt(group.length)];
            }
        }
        return sample;
    }

    /** Linear interpolation between order statistics (numpy's default, "type 7"); NaN for no values. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
