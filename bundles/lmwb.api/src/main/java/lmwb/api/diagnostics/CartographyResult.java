package lmwb.api.diagnostics;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of {@code cartography}: a data map (Swayamdipta, Schwartz, Lourie, Wang, Hajishirzi, Smith, Choi,
 * EMNLP 2020) of one training run — for every training example its confidence (the mean over epochs of the model's
 * probability of the gold label), variability (their standard deviation over epochs, population form) and
 * correctness (the share of epochs whose most probable label is the gold one), and its region.
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param dataset the training dataset (its training split is what is mapped)
 * @param run the training result's id
 * @param seed the run's seed
 * @param epochs epochs recorded
 * @param fraction each region's share of the examples
 * @param regions examples per region ({@value #AMBIGUOUS}, {@value #HARD}, {@value #EASY}, {@value #OTHER})
 * @param meanConfidence mean confidence over the examples
 * @param meanVariability mean variability
 * @param examples every training example, in the split's order
 * @param listed how many of each region the table lists
 * @param notes what users should know
 * @param provenance how to reproduce it
 */
public record CartographyResult(String resultId, String kind, DiagnosedDataset dataset, String run, long seed, int epochs,
        double fraction, Map<String, Integer> regions, double meanConfidence, double meanVariability, List<Point> examples,
        int listed, List<String> notes, Provenance provenance) implements DiagnosticResult {
    /** The result kind. */
    public static final String KIND = "cartography";
    /** The data-map plot stored beside the document. */
    public static final String PLOT = "data-map.svg";
    /** The most variable examples. */
    public static final String AMBIGUOUS = "ambiguous";
    /** Of the rest, the least confident. */
    public static final String HARD = "hard-to-learn";
    /** Of the rest, the most confident. */
    public static final String EASY = "easy-to-learn";
    /** In no region (when the fraction is below 1/3). */
    public static final String OTHER = "other";

    /** Freezes the lists. */
    public CartographyResult {
        examples = examples == null ? List.of() : List.copyOf(examples);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One training example on the map.
     *
     * @param index its position in the training split
     * @param text its text
     * @param label its gold label
     * @param confidence mean gold-label probability over epochs
     * @param variability standard deviation of that probability over epochs
     * @param correctness share of epochs predicting the gold label
     * @param region its region
     */
    public record Point(int index, String text, String label, double confidence, double variability, double correctness,
            String region) {
    }
}
