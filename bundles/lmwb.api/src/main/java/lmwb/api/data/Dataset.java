package lmwb.api.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lmwb.api.Labels;
import lmwb.api.TaskType;

/**
 * An immutable labelled dataset: a task type, a label map, examples per split, a content hash that
 * identifies the data (used as a cache key and in provenance), and a report of what reading dropped.
 *
 * @param name the dataset's name or source path
 * @param taskType what the labels mean
 * @param labelMap label names for classification tasks; {@link LabelMap#EMPTY} for regression
 * @param splits the examples of each split present, in file order
 * @param contentHash a stable hash of the task type, labels and examples, e.g. {@code sha256:...}
 * @param report counts of rows dropped while reading, by reason, and other notes
 */
public record Dataset(String name, TaskType taskType, LabelMap labelMap, Map<Split, List<Example>> splits,
        String contentHash, Map<String, Long> report) {

    /** Freezes the dataset. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(labelMap, "labelMap");
        Objects.requireNonNull(contentHash, "contentHash");
        EnumMap<Split, List<Example>> copy = new EnumMap<>(Split.class);
        splits.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        splits = Collections.unmodifiableMap(copy);
        report = Collections.unmodifiableMap(new LinkedHashMap<>(report));
    }

    /**
     * @param split a split
     * @return its examples, empty when the split is absent
     */
    public List<Example> examples(Split split) {
        return splits.getOrDefault(split, List.of());
    }

    /** @return every example of every split, train first */
    public List<Example> allExamples() {
        List<Example> all = new ArrayList<>();
        for (Split s : Split.values()) {
            all.addAll(examples(s));
        }
        return all;
    }

    /** @return the total number of examples */
    public int size() {
        return splits.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The labels of the given examples as estimators see them: one per example, or one per word for token
     * tasks.
     *
     * @param examples examples of this dataset
     * @return their labels
     */
    public Labels labelsOf(List<Example> examples) {
        if (taskType.isRegression()) {
            return Labels.regression(examples.stream().mapToDouble(Example::target).toArray());
        }
        if (taskType.isTokenLevel()) {
            return Labels.classes(examples.stream().flatMapToInt(e -> java.util.Arrays.stream(e.tags())).toArray());
        }
        return Labels.classes(examples.stream().mapToInt(Example::label).toArray());
    }
}
