package lmwb.api.encoder;

import java.util.List;
import lmwb.api.Provenance;
import lmwb.api.capability.CapabilityResult;

/**
 * An embedding export, stored as kind {@value #KIND}: its folder holds one {@code layer-<n>.npy} per layer
 * ({@code mean.npy} for the layer mean), {@code labels.npy} and {@code manifest.json} (this record's JSON).
 *
 * @param resultId the stored result's id
 * @param kind {@value #KIND}
 * @param model the model reference
 * @param dataset the dataset's name
 * @param datasetHash its content hash
 * @param task its task type
 * @param labels the class names by id (empty for regression)
 * @param rows rows of each matrix (inputs, or words for token tasks)
 * @param cols the embedding size
 * @param layers the exported layers (0 = embedding output)
 * @param layerMean whether {@code mean.npy} is there
 * @param subwordPooling sub-words → word
 * @param sentencePooling words → sentence ({@code none} for token tasks)
 * @param pairEncoding how pairs were encoded
 * @param wordsPerInput words per input (token tasks: which rows belong to which input)
 * @param tokens tokens embedded
 * @param truncatedInputs inputs cut at the model's maximum length
 * @param fromCache whether the embeddings came from the cache
 * @param files the matrices of the export ({@code .npy}), besides which it holds {@value #MANIFEST}
 * @param seconds wall time
 * @param provenance how to reproduce it
 */
public record EmbedResult(String resultId, String kind, String model, String dataset, String datasetHash, String task,
        List<String> labels, int rows, int cols, List<Integer> layers, boolean layerMean, String subwordPooling,
        String sentencePooling, String pairEncoding, int[] wordsPerInput, long tokens, int truncatedInputs,
        boolean fromCache, List<String> files, double seconds, Provenance provenance) implements CapabilityResult {
    /** The result kind. */
    public static final String KIND = "embedding";
    /** The manifest file beside the matrices. */
    public static final String MANIFEST = "manifest.json";
}
