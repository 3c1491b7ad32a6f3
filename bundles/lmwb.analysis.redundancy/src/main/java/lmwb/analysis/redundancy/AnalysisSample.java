package lmwb.analysis.redundancy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lmwb.api.data.Dataset;
import lmwb.api.data.Example;
import lmwb.api.data.Split;

/**
 * A seeded sample of a dataset's examples for analysis, split into train / dev / test.
 *
 * <p>Whole examples are drawn: the examples are shuffled with the seed and taken in that order until the
 * budget is reached, counting sentences for sentence tasks and words for token tasks (so a token budget of
 * 6,000 is about 250 Brown sentences). When the dataset has its own dev and test splits the budget is shared
 * 70/15/15 between its train, dev and test splits; otherwise the drawn examples are split 70/15/15 in
 * drawing order.
 *
 * @param train training examples
 * @param dev development examples
 * @param test test examples
 * @param description how the sample was drawn, for the report
 */
record AnalysisSample(List<Example> train, List<Example> dev, List<Example> test, String description) {

    private static final double TRAIN = 0.70;
    private static final double DEV = 0.15;

    /** @return train, dev and test in that order */
    List<Example> all() {
        List<Example> all = new ArrayList<>(train);
        all.addAll(dev);
        all.addAll(test);
        return all;
    }

    /**
     * @param dataset the dataset
     * @param budget sentences (sentence tasks) or words (token tasks)
     * @param seed the seed
     * @return the split sample
     */
    static AnalysisSample draw(Dataset dataset, int budget, long seed) {
        boolean tokens = dataset.taskType().isTokenLevel();
        String unit = tokens ? "words" : "sentences";
        if (!dataset.examples(Split.DEV).isEmpty() && !dataset.examples(Split.TEST).isEmpty()
                && !dataset.examples(Split.TRAIN).isEmpty()) {
            Map<Split, List<Example>> parts = new EnumMap<>(Split.class);
            parts.put(Split.TRAIN, take(dataset.examples(Split.TRAIN), (int) Math.round(budget * TRAIN), tokens, seed));
            parts.put(Split.DEV, take(dataset.examples(Split.DEV), (int) Math.round(budget * DEV), tokens, seed + 1));
            parts.put(Split.TEST, take(dataset.examples(Split.TEST), (int) Math.round(budget * (1 - TRAIN - DEV)),
                    tokens, seed + 2));
            return new AnalysisSample(parts.get(Split.TRAIN), parts.get(Split.DEV), parts.get(Split.TEST),
                    "seeded draw of whole examples (seed " + seed + ") up to " + budget + " " + unit
                            + ", shared 70/15/15 over the dataset's own train/dev/test splits");
        }
        List<Example> drawn = take(dataset.allExamples(), budget, tokens, seed);
        int total = count(drawn, tokens);
        List<Example> train = new ArrayList<>();
        List<Example> dev = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        int seen = 0;
        for (Example e : drawn) {
            double at = (double) seen / Math.max(1, total);
            (at < TRAIN ? train : at < TRAIN + DEV ? dev : test).add(e);
            seen += tokens ? e.tagCount() : 1;
        }
        if (train.isEmpty() || dev.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("the sample of " + budget + " " + unit + " from '" + dataset.name()
                    + "' is too small to split into train/dev/test; raise --samples");
        }
        return new AnalysisSample(train, dev, test, "seeded draw of whole examples (seed " + seed + ") up to " + budget
                + " " + unit + " from all " + dataset.size() + " examples, split 70/15/15 by " + unit
                + " in drawing order (the dataset has no dev/test splits of its own)");
    }

    /**
     * @param examples the pool
     * @param budget sentences or words
     * @param tokens whether to count words
     * @param seed the seed
     * @return whole examples in seeded random order up to the budget
     */
    static List<Example> take(List<Example> examples, int budget, boolean tokens, long seed) {
        List<Example> pool = new ArrayList<>(examples);
        Collections.shuffle(pool, new Random(seed));
        List<Example> out = new ArrayList<>();
        int used = 0;
        for (Example e : pool) {
            if (used >= budget) {
                break;
            }
            if (tokens && e.tagCount() == 0) {
                continue;
            }
            out.add(e);
            used += tokens ? e.tagCount() : 1;
        }
        return out;
    }

    private static int count(List<Example> examples, boolean tokens) {
        return tokens ? examples.stream().mapToInt(Example::tagCount).sum() : examples.size();
    }
}
