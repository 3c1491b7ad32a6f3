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
 * Carves dev and test splits out of the training split with a seed, for datasets that come without them.
 * Sentence-level classification is stratified (each class contributes its share, largest-remainder
 * rounding); other tasks are split uniformly at random. Splits that already exist are kept as they are;
 * examples keep their original order within each split.
 */
public final class SeededSplitter {
    private SeededSplitter() {
    }

    /**
     * @param dataset the dataset
     * @param devFraction fraction of TRAIN to move to DEV when DEV is absent, in [0, 1)
     * @param testFraction fraction of TRAIN to move to TEST when TEST is absent, in [0, 1)
     * @param seed the random seed
     * @return the dataset with the new splits, a new content hash and {@code split.seed} in its report
     */
    public static Dataset split(Dataset dataset, double devFraction, double testFraction, long seed) {
        if (devFraction < 0 || testFraction < 0 || devFraction + testFraction >= 1) {
            throw new IllegalArgumentException("dev and test fractions must be >= 0 and sum to less than 1, got "
                    + devFraction + " and " + testFraction);
        }
        double dev = dataset.splits().containsKey(Split.DEV) ? 0 : devFraction;
        double test = dataset.splits().containsKey(Split.TEST) ? 0 : testFraction;
        List<Example> train = dataset.examples(Split.TRAIN);
        int n = train.size();
        int nDev = (int) Math.round(n * dev);
        int nTest = (int) Math.round(n * test);
        if (nDev + nTest == 0) {
            return dataset;
        }
        if (nDev + nTest >= n) {
            throw new IllegalArgumentException(dataset.name() + ": " + n + " training examples are too few to split off "
                    + nDev + " dev and " + nTest + " test examples");
        }
        boolean stratify = !dataset.taskType().isRegression() && !dataset.taskType().isTokenLevel();
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(stratify ? train.get(i).label() : 0, k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> members = new ArrayList<>(groups.values());
        int[] sizes = members.stream().mapToInt(List::size).toArray();
        int[] devQuota = Downsampler.largestRemainder(sizes, nDev);
        int[] rest = new int[sizes.length];
        for (int g = 0; g < sizes.length; g++) {
            rest[g] = sizes[g] - devQuota[g];
        }
        int[] testQuota = Downsampler.largestRemainder(rest, nTest);
        Split[] target = new Split[n];
        Random random = new Random(seed);
        for (int g = 0; g < members.size(); g++) {
            List<Integer> shuffled = new ArrayList<>(members.get(g));
            Collections.shuffle(shuffled, random);
            for (int k = 0; k < shuffled.size(); k++) {
                target[shuffled.get(k)] = k < devQuota[g] ? Split.DEV : k < devQuota[g] + testQuota[g] ? Split.TEST : Split.TRAIN;
            }
        }
        Map<Split, List<Example>> splits = new EnumMap<>(Split.class);
        dataset.splits().forEach((s, ex) -> {
            if (s != Split.TRAIN) {
                splits.put(s, ex);
            }
        });
        for (int i = 0; i < n; i++) {
            splits.computeIfAbsent(target[i], s -> new ArrayList<>()).add(train.get(i));
        }
        Map<String, Long> report = new LinkedHashMap<>(dataset.report());
        report.put("split.seed", seed);
        return new Dataset(dataset.name(), dataset.taskType(), dataset.labelMap(), splits,
                ContentHash.of(dataset.taskType(), dataset.labelMap(), splits), report);
    }
}
