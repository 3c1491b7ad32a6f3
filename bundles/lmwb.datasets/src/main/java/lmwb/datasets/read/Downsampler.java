package lmwb.datasets.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.Split;

/**
 * Seeded downsampling. A value in (0, 1] keeps that fraction of every split; a value &gt; 1 is a total
 * count shared among splits in proportion to their sizes. Sentence-level classification is stratified:
 * each class keeps its share (largest-remainder rounding, ties to the lower class id), so label
 * proportions are kept. Kept examples stay in their original order. The same seed gives the same subset.
 */
public final class Downsampler {

    private Downsampler() {
    }

    /**
     * @param dataset the dataset
     * @param amount fraction in (0, 1] or a count &gt; 1
     * @param seed the random seed
     * @return the downsampled dataset (the same instance when nothing is removed), with a new content hash
     *         and {@code downsample.from} / {@code downsample.seed} in its report
     */
    public static Dataset apply(Dataset dataset, double amount, long seed) {
        if (!(amount > 0)) {
            throw new IllegalArgumentException("downsample must be a fraction in (0, 1] or a count > 1, got " + amount);
        }
        int total = dataset.size();
        int target = amount <= 1 ? (int) Math.round(total * amount) : (int) Math.min(total, Math.round(amount));
        if (target >= total) {
            return dataset;
        }
        if (target < 1) {
            throw new IllegalArgumentException("downsampling " + total + " examples by " + amount + " keeps none; use a larger value");
        }
        List<Split> present = new ArrayList<>(dataset.splits().keySet());
        int[] sizes = present.stream().mapToInt(s -> dataset.examples(s).size()).toArray();
        int[] quotas = largestRemainder(sizes, target);
        Random random = new Random(seed);
        Map<Split, List<Example>> splits = new EnumMap<>(Split.class);
        boolean stratify = !dataset.taskType().isRegression() && !dataset.taskType().isTokenLevel();
        for (int i = 0; i < present.size(); i++) {
            List<Example> all = dataset.examples(present.get(i));
            List<Example> kept = stratify ? stratified(all, quotas[i], random) : plain(all, quotas[i], random);
            if (!kept.isEmpty()) {
                splits.put(present.get(i), kept);
            }
        }
        Map<String, Long> report = new LinkedHashMap<>(dataset.report());
        report.put("downsample.from", (long) total);
        report.put("downsample.seed", seed);
        report.put("examples", (long) target);
        return new Dataset(dataset.name(), dataset.taskType(), dataset.labelMap(), splits,
                ContentHash.of(dataset.taskType(), dataset.labelMap(), splits), report);
    }

    private static List<Example> plain(List<Example> all, int quota, Random random) {
        List<Integer> idx = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, random);
        List<Integer> chosen = new ArrayList<>(idx.subList(0, quota));
        Collections.sort(chosen);
        return chosen.stream().map(all::get).toList();
    }

    private static List<Example> stratified(List<Example> all, int quota, Random random) {
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            byClass.computeIfAbsent(all.get(i).label(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(byClass.values());
        int[] quotas = largestRemainder(groups.stream().mapToInt(List::size).toArray(), quota);
        List<Integer> chosen = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> members = new ArrayList<>(groups.get(g));
            Collections.shuffle(members, random);
            chosen.addAll(members.subList(0, quotas[g]));
        }
        Collections.sort(chosen);
        return chosen.stream().map(all::get).toList();
    }

    /**
     * Splits {@code target} among groups in proportion to their sizes (Hamilton's method; ties go to the
     * earlier group).
     */
    static int[] largestRemainder(int[] sizes, int target) {
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        int[] q = new int[sizes.length];
        double[] rem = new double[sizes.length];
        int given = 0;
        for (int i = 0; i < sizes.length; i++) {
            double exact = (double) target * sizes[i] / total;
            q[i] = (int) Math.floor(exact);
            rem[i] = exact - q[i];
            given += q[i];
        }
        while (given < target) {
            int best = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (q[i] < sizes[i] && (best < 0 || rem[i] > rem[best])) {
                    best = i;
                }
            }
            q[best]++;
            rem[best] = -1;
            given++;
        }
        return q;
    }
}
