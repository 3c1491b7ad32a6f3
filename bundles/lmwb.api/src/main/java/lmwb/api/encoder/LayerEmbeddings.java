package lmwb.api.encoder;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import lmwb.api.FloatMatrix;
import lmwb.api.Provenance;

/**
 * The result of one embedding request: per requested layer a read-only matrix (N × H for sentence pooling,
 * or W × H for token tasks, where W is the total number of words), optionally the layer-mean matrix.
 *
 * @param layers matrices by absolute layer number (0 = embedding output, 1..L transformer layers)
 * @param layerMean the layer-mean matrix, or {@code null} when not requested
 * @param wordsPerInput for token tasks the number of word rows each input contributed, else empty
 * @param tokens the number of real tokens encoded
 * @param truncatedInputs the number of inputs cut at the model's maximum length
 * @param fromCache whether the result came from the embedding cache (no forward pass)
 * @param provenance model hash, dataset hash, pooling and layers
 */
public record LayerEmbeddings(SortedMap<Integer, FloatMatrix> layers, FloatMatrix layerMean, int[] wordsPerInput,
        long tokens, int truncatedInputs, boolean fromCache, Provenance provenance) {

    /** Freezes the result. */
    public LayerEmbeddings {
        layers = Collections.unmodifiableSortedMap(new TreeMap<>(layers));
        wordsPerInput = wordsPerInput.clone();
    }

    /** @return the layer mean, if it was requested */
    public Optional<FloatMatrix> mean() {
        return Optional.ofNullable(layerMean);
    }

    /**
     * @param layer absolute layer number
     * @return its matrix
     * @throws IllegalArgumentException if the layer was not requested
     */
    public FloatMatrix layer(int layer) {
        FloatMatrix m = layers.get(layer);
        if (m == null) {
            throw new IllegalArgumentException("layer " + layer + " was not embedded; present: " + layers.keySet());
        }
        return m;
    }

    /** @return a copy of the per-input word counts */
    @Override
    public int[] wordsPerInput() {
        return wordsPerInput.clone();
    }

    /**
     * @param cached whether the copy came from the cache
     * @return a copy with the flag set
     */
    public LayerEmbeddings withFromCache(boolean cached) {
        return new LayerEmbeddings(layers, layerMean, wordsPerInput, tokens, truncatedInputs, cached, provenance);
    }
}
