package lmwb.training;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.Split;

/**
 * Completes a dataset's splits for training: when dev or test is absent, a seeded share of the training
 * examples (stratified by class for classification) becomes that split, so dev (which selects the model)
 * and test (evaluated once) are always different examples. The same small logic as the datasets bundle's
 * splitter, which is private to that bundle.
 */
final class DataSplits {
    /** Share of the training examples moved to each missing split. */
    static final double FRACTION = 0.1;

    private DataSplits() {
    }

    static TaskData complete(Dataset dataset, long seed) {
        Map<Split, List<Example>> out = new EnumMap<>(Split.class);
        List<Example> train = new ArrayList<>(dataset.examples(Split.TRAIN));
        if (train.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " has no training examples");
        }
        boolean needDev = dataset.examples(Split.DEV).isEmpty();
        boolean needTest = dataset.examples(Split.TEST).isEmpty();
        boolean stratify = !dataset.taskType().isRegression() && !dataset.taskType().isTokenLevel();
        TreeMap<Integer, List<Example>> groups = new TreeMap<>();
        for (Example e : train) {
            groups.computeIfAbsent(stratify ? e.label() : 0, k -> new ArrayList<>()).add(e);
        }
        Random random = new Random(seed);
        List<Example> keep = new ArrayList<>();
        List<Example> dev = new ArrayList<>(dataset.examples(Split.DEV));
        List<Example> test = new ArrayList<>(dataset.examples(Split.TEST));
        for (List<Example> g : groups.values()) {
            java.util.Collections.shuffle(g, random);
            int nDev = needDev ? (int) Math.round(g.size() * FRACTION) : 0;
            int nTest = needTest ? (int) Math.round(g.size() * FRACTION) : 0;
            dev.addAll(g.subList(0, nDev));
            test.addAll(g.subList(nDev, nDev + nTest));
            keep.addAll(g.subList(nDev + nTest, g.size()));
        }
        if (dev.isEmpty() || test.isEmpty() || keep.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " is too small to split into train, dev and "
                    + "test (" + train.size() + " training examples); use more data or a smaller --downsample");
        }
        java.util.Collections.shuffle(keep, random);
        out.put(Split.TRAIN, keep);
        out.put(Split.DEV, dev);
        out.put(Split.TEST, test);
        return new TaskData(dataset.taskType(), dataset.labelMap(), out);
    }
}
