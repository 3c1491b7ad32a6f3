package lmwb.api.diagnostics;

import java.util.List;
import java.util.Map;
import lmwb.api.Provenance;

/**
 * The result of {@code divergence} (Masud et al., KDD 2023): for every pair of labels, the Jensen–Shannon
 * divergence in bits (in [0, 1]) between the two labels' add-one smoothed unigram distributions over the union
 * of their vocabularies. Lower means harder to tell apart.
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param dataset what was diagnosed
 * @param tokens how texts were split: {@code words}, or {@code model:<model>} for that model's tokenizer
 * @param tokensPerLabel tokens counted per label
 * @param pairs every pair of labels, lowest divergence first
 * @param notes what users should know
 * @param provenance how to reproduce it
 */
public record DivergenceResult(String resultId, String kind, DiagnosedDataset dataset, String tokens,
        Map<String, Long> tokensPerLabel, List<LabelPair> pairs, List<String> notes, Provenance provenance)
        implements DiagnosticResult {
    /** The result kind. */
    public static final String KIND = "divergence";

    /** Freezes the lists. */
    public DivergenceResult {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param labelA one label
     * @param labelB the other
     * @param jsDivergenceBits their JS divergence in bits
     * @param vocabulary the size of the union of their vocabularies
     */
    public record LabelPair(String labelA, String labelB, double jsDivergenceBits, int vocabulary) {
    }
}
