package lmwb.api.diagnostics;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of {@code conflicts}: pairs of examples that are the same text (exact) or nearly (cosine at or above
 * the threshold) but carry different labels.
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param dataset the first dataset
 * @param against the second dataset, or {@code null} within one dataset
 * @param models the models of the near-duplicate search (empty with exact only)
 * @param threshold the cosine threshold ({@code NaN} with exact only)
 * @param exact how many exact-duplicate conflicts
 * @param near how many near-duplicate conflicts (not exact)
 * @param perLabelPair conflicts per label pair, {@code "a | b"} with the first dataset's label first
 * @param conflicts the conflicting pairs, exact first, then by similarity
 * @param notes what users should know
 * @param provenance how to reproduce it
 */
public record ConflictsResult(String resultId, String kind, DiagnosedDataset dataset, DiagnosedDataset against,
        List<String> models, double threshold, int exact, int near, Map<String, Integer> perLabelPair,
        List<Conflict> conflicts, List<String> notes, Provenance provenance) implements DiagnosticResult {
    /** The result kind. */
    public static final String KIND = "conflicts";

    /** Freezes the lists. */
    public ConflictsResult {
        models = models == null ? List.of() : List.copyOf(models);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param indexA the first example's index (in the first dataset)
     * @param sourceA its dataset
     * @param textA its text
     * @param labelA its label
     * @param indexB the second example's index (in its dataset)
     * @param sourceB its dataset
     * @param textB its text
     * @param labelB its label
     * @param cosine their cosine similarity (1 for exact duplicates)
     * @param exact whether the texts are identical
     */
    public record Conflict(int indexA, String sourceA, String textA, String labelA, int indexB, String sourceB,
            String textB, String labelB, double cosine, boolean exact) {
    }
}
