package lmwb.spark.job;

import java.io.Serializable;
import java.util.Map;

/**
 * What a task reports to the driver; the matrices themselves are in {@code folder}.
 *
 * @param index the partition's number
 * @param files the URIs of its matrices, by name ({@code layer-<n>.npy}, {@code mean.npy}): rows of its inputs
 * @param wordsPerInput rows per input with per-word pooling, else empty
 * @param tokens tokens embedded
 * @param truncatedInputs inputs cut at the model's maximum length
 * @param component the provenance's component
 * @param configuration the provenance's configuration
 * @param provenanceInputs the provenance's inputs
 * @param versions the provenance's versions
 * @param host where it ran
 * @param seconds how long the task took, model loading included
 * @param loadSeconds of which loading the model (0 when the executor had it open already)
 */
public record PartitionResult(int index, Map<String, String> files, int[] wordsPerInput, long tokens,
        int truncatedInputs, String component, Map<String, String> configuration, Map<String, String> provenanceInputs,
        Map<String, String> versions, String host, double seconds, double loadSeconds) implements Serializable {
    private static final long serialVersionUID = 1L;
}
