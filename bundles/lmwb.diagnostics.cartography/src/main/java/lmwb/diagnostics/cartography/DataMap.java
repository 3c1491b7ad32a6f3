package lmwb.diagnostics.cartography;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import lmwb.api.diagnostics.CartographyResult;
import lmwb.api.training.TrainingDynamics;

/**
 * Data-map coordinates and regions (Swayamdipta et al., EMNLP 2020, section 2): for example i over E epochs with
 * gold-label probabilities p_1..p_E, confidence μ = (1/E) Σ p_e, variability σ = sqrt((1/E) Σ (p_e − μ)²) (the
 * population deviation, as the authors' code computes it with {@code np.std}) and correctness = the share of epochs
 * whose most probable label is the gold one. Regions follow the paper's 33 % selections: the ⌊F·N⌉ most variable
 * examples are ambiguous; of the rest, the ⌊F·N⌉ least confident are hard-to-learn and then the ⌊F·N⌉ most
 * confident easy-to-learn; ties go to the lower index. With F = 1/3 nearly every example gets a region.
 */
public final class DataMap {
    private DataMap() {
    }

    /**
     * One example's coordinates.
     *
     * @param confidence μ
     * @param variability σ
     * @param correctness share of correct epochs
     */
    public record Coordinates(double confidence, double variability, double correctness) {
    }

    /**
     * @param example one example's dynamics
     * @return its coordinates
     */
    public static Coordinates coordinates(TrainingDynamics.Example example) {
        List<Double> p = example.probabilities();
        int e = p.size();
        if (e == 0) {
            throw new IllegalArgumentException("no epochs recorded");
        }
        double mean = 0;
        for (double v : p) {
            mean += v;
        }
        mean /= e;
        double sq = 0;
        for (double v : p) {
            sq += (v - mean) * (v - mean);
        }
        long correct = example.correct().stream().filter(Boolean::booleanValue).count();
        return new Coordinates(mean, Math.sqrt(sq / e), (double) correct / example.correct().size());
    }

    /**
     * @param points coordinates per example
     * @param fraction each region's share, in (0, 1/3]
     * @return each example's region
     */
    public static String[] regions(List<Coordinates> points, double fraction) {
        int n = points.size();
        int size = (int) Math.round(fraction * n);
        String[] region = new String[n];
        Arrays.fill(region, CartographyResult.OTHER);
        assign(region, size, CartographyResult.AMBIGUOUS, Comparator.comparingDouble(i -> -points.get(i).variability()));
        assign(region, size, CartographyResult.HARD, Comparator.comparingDouble(i -> points.get(i).confidence()));
        assign(region, size, CartographyResult.EASY, Comparator.comparingDouble(i -> -points.get(i).confidence()));
        return region;
    }

    /** Gives {@code name} to the first {@code size} examples still without a region, in the given order (then by index). */
    private static void assign(String[] region, int size, String name, Comparator<Integer> order) {
        List<Integer> free = new ArrayList<>(IntStream.range(0, region.length).filter(i -> region[i].equals(CartographyResult.OTHER))
                .boxed().toList());
        free.sort(order.thenComparingInt(i -> i));
        for (int k = 0; k < Math.min(size, free.size()); k++) {
            region[free.get(k)] = name;
        }
    }
}
