package lmwb.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of task lmwb understands. */
public enum TaskType {
    /** One text, one class label. */
    TEXT_CLASSIFICATION(false, false, false),
    /** Two texts, one class label. */
    PAIR_CLASSIFICATION(true, false, false),
    /** One text, one real-valued target. */
    TEXT_REGRESSION(false, true, false),
    /** Two texts, one real-valued target. */
    PAIR_REGRESSION(true, true, false),
    /** Pre-split words, one class label (tag) per word. */
    TOKEN_CLASSIFICATION(false, false, true);

    private final boolean pair;
    private final boolean regression;
    private final boolean tokenLevel;

    TaskType(boolean pair, boolean regression, boolean tokenLevel) {
        this.pair = pair;
        this.regression = regression;
        this.tokenLevel = tokenLevel;
    }

    /** @return whether examples have a second text */
    public boolean isPair() {
        return pair;
    }

    /** @return whether labels are real numbers rather than class ids */
    public boolean isRegression() {
        return regression;
    }

    /** @return whether there is one label per word rather than per example */
    public boolean isTokenLevel() {
        return tokenLevel;
    }

    /** @return the user-facing name, e.g. {@code text-classification} */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a user-facing name ({@code text-classification}, {@code TEXT_CLASSIFICATION}, ...).
     *
     * @param name the name
     * @return the task type
     * @throws IllegalArgumentException naming the allowed values when {@code name} is unknown
     */
    public static TaskType parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TaskType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task type '" + name + "'; use one of "
                + Arrays.stream(values()).map(TaskType::displayName).collect(Collectors.joining(", ")));
    }
}
