package lmwb.api.diagnostics;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of {@code difficulty}: V-usable information (Ethayarajh, Choi, Swayamdipta, ICML 2022) with the
 * linear-probe family, in bits.
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param dataset what was diagnosed
 * @param models the models (concatenated)
 * @param layer the layer the headline figures come from ({@code mean} or a layer number)
 * @param vInformationBits the dataset's V-information: mean PVI over all examples, out of fold
 * @param perClass mean PVI of the examples of each label
 * @param byLayer V-information per layer (negative index: -1 = last) and of the layer mean (key {@code mean});
 *     empty when not computed
 * @param labelEntropyBits the entropy of the label prior, H(Y): the most V-information can be
 * @param probeAccuracy out-of-fold accuracy of the probe
 * @param l2 the probe's regularisation chosen in each fold (by cross-validated log-loss inside its training folds)
 * @param lowest how many of the lowest-PVI examples the table lists
 * @param examples every example's PVI, lowest first
 * @param notes what users should know
 * @param provenance how to reproduce it
 */
public record DifficultyResult(String resultId, String kind, DiagnosedDataset dataset, List<String> models, String layer,
        double vInformationBits, Map<String, Double> perClass, Map<String, Double> byLayer, double labelEntropyBits,
        double probeAccuracy, List<Double> l2, int lowest, List<Pvi> examples, List<String> notes, Provenance provenance)
        implements DiagnosticResult {
    /** The result kind. */
    public static final String KIND = "difficulty";
    /** The plot stored beside the document (V-information per layer). */
    public static final String PLOT = "v-information-by-layer.svg";

    /** Freezes the lists. */
    public DifficultyResult {
        models = models == null ? List.of() : List.copyOf(models);
        examples = examples == null ? List.of() : List.copyOf(examples);
        notes = notes == null ? List.of() : List.copyOf(notes);
        l2 = l2 == null ? List.of() : List.copyOf(l2);
    }

    /**
     * One example's pointwise V-information.
     *
     * @param index the example's index (dataset order after cleaning and downsampling)
     * @param pvi PVI(x → y) in bits
     * @param label the given label
     * @param predicted the probe's most probable label
     * @param text the example's text
     */
    public record Pvi(int index, double pvi, String label, String predicted, String text) {
    }
}
