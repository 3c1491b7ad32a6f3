package lmwb.api.data;

import java.util.List;
import java.util.Map;
import lmwb.api.capability.CapabilityResult;

/**
 * What lmwb understood of a dataset (the {@code dataset} capability's result; not stored).
 *
 * @param kind {@value #KIND}
 * @param name the dataset's name
 * @param task its task type
 * @param size examples in all splits
 * @param splits examples per split
 * @param columns the columns used, by role ({@code text}, {@code label}, ...) → column
 * @param contentHash its content hash
 * @param targets regression: {@code min}, {@code mean}, {@code max} of the targets; otherwise {@code null}
 * @param labels classification: examples (tokens for token tasks) per label; otherwise {@code null}
 * @param examples the first few examples of the first split
 * @param dropped rows dropped by cleaning, by reason
 * @param report other counts the reader reported
 */
public record DatasetInfo(String kind, String name, String task, int size, Map<String, Integer> splits,
        Map<String, Long> columns, String contentHash, Map<String, Double> targets, Map<String, Long> labels,
        List<Shown> examples, Map<String, Long> dropped, Map<String, Long> report) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "dataset";

    @Override
    public String resultId() {
        return null;
    }

    /**
     * One example as shown.
     *
     * @param text its text (or {@code null} for token tasks)
     * @param pair its second text, or {@code null}
     * @param label its label name or target, or {@code null} for token tasks
     * @param tokens token tasks: {@code word/TAG ...}; otherwise {@code null}
     */
    public record Shown(String text, String pair, String label, String tokens) {
    }
}
