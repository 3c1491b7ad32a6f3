package lmwb.api.diagnostics;

import java.util.Locale;

/** How {@code label-issues} orders the issues it found (lowest score first: most likely wrong). */
public enum IssueRanking {
    /** p_given. */
    SELF_CONFIDENCE,
    /** p_given − max_{k≠given} p_k. */
    NORMALIZED_MARGIN;

    /**
     * @param name {@code self_confidence} or {@code normalized_margin} (dashes accepted)
     * @return the ranking
     */
    public static IssueRanking parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown issue ranking '" + name + "'; use self_confidence or normalized_margin", e);
        }
    }
}
