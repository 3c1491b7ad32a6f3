package lmwb.api.diagnostics;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of {@code label-issues}.
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param dataset what was diagnosed
 * @param source {@code pred-probs} or the models (and layer) whose out-of-fold probe gave the probabilities
 * @param method the method
 * @param rankBy the ranking of the issues
 * @param calibrated whether the confident joint was calibrated
 * @param count the number of issues
 * @param thresholds per-class thresholds t_j (mean p_j over the examples labelled j), by label name
 * @param confidentJoint the confident joint C (rows: given label, columns: suggested label), in label order
 * @param perClass issues per given label
 * @param issues the issues, most likely wrong first
 * @param notes what users should know
 * @param provenance how to reproduce it
 */
public record LabelIssuesResult(String resultId, String kind, DiagnosedDataset dataset, String source,
        LabelIssueMethod method, IssueRanking rankBy, boolean calibrated, int count, Map<String, Double> thresholds,
        List<List<Long>> confidentJoint, Map<String, Integer> perClass, List<Issue> issues, List<String> notes,
        Provenance provenance) implements DiagnosticResult {
    /** The result kind. */
    public static final String KIND = "label-issues";

    /** Freezes the lists. */
    public LabelIssuesResult {
        issues = issues == null ? List.of() : List.copyOf(issues);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One probable label error.
     *
     * @param index the example's index in the diagnosed order (dataset order after cleaning and downsampling, or
     *     the row of the given probabilities)
     * @param given the given label
     * @param suggested the most probable other label
     * @param score the ranking score (lower = more likely wrong)
     * @param text the example's text ({@code null} for given probabilities)
     */
    public record Issue(int index, String given, String suggested, double score, String text) {
    }
}
