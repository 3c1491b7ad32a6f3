package lmwb.api.encoder;

import java.util.List;
import java.util.Objects;

/**
 * What to embed and how.
 *
 * <p>Layers are numbered 0 for the embedding-layer output and 1..L for the transformer layers; negative
 * numbers count from the end as the reference does ({@code -1} is the last layer, {@code -L} the first
 * transformer layer). {@code layerMean} adds one matrix that is, per token, the mean over all transformer
 * layers (embedding output excluded), taken before pooling.
 *
 * @param inputs the inputs, in order; output rows follow this order
 * @param layers the layers wanted (empty with {@code layerMean} for the mean only)
 * @param layerMean whether to compute the layer-mean matrix
 * @param subwordPooling sub-words → words
 * @param sentencePooling words → sentence, {@link SentencePooling#NONE} for one row per word
 * @param pairEncoding how pairs are encoded
 * @param batchSize sentences per forward pass
 */
public record EmbeddingRequest(List<EmbeddingInput> inputs, List<Integer> layers, boolean layerMean,
        SubwordPooling subwordPooling, SentencePooling sentencePooling, PairEncoding pairEncoding, int batchSize) {

    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** Validates the request. */
    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        Objects.requireNonNull(subwordPooling, "subwordPooling");
        Objects.requireNonNull(sentencePooling, "sentencePooling");
        Objects.requireNonNull(pairEncoding, "pairEncoding");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (layers.isEmpty() && !layerMean) {
            throw new IllegalArgumentException("ask for at least one layer or the layer mean");
        }
    }

    /**
     * A request with the reference defaults: mean sub-word and sentence pooling, native pairs, batch 32.
     *
     * @param inputs the inputs
     * @param layers the layers wanted
     * @param layerMean whether to add the layer mean
     * @return the request
     */
    public static EmbeddingRequest of(List<EmbeddingInput> inputs, List<Integer> layers, boolean layerMean) {
        return new EmbeddingRequest(inputs, layers, layerMean, SubwordPooling.MEAN, SentencePooling.MEAN,
                PairEncoding.NATIVE, DEFAULT_BATCH_SIZE);
    }

    /**
     * @param pooling sentence pooling
     * @return a copy with it
     */
    public EmbeddingRequest withSentencePooling(SentencePooling pooling) {
        return new EmbeddingRequest(inputs, layers, layerMean, subwordPooling, pooling, pairEncoding, batchSize);
    }

    /**
     * @param pooling sub-word pooling
     * @return a copy with it
     */
    public EmbeddingRequest withSubwordPooling(SubwordPooling pooling) {
        return new EmbeddingRequest(inputs, layers, layerMean, pooling, sentencePooling, pairEncoding, batchSize);
    }

    /**
     * @param encoding pair encoding
     * @return a copy with it
     */
    public EmbeddingRequest withPairEncoding(PairEncoding encoding) {
        return new EmbeddingRequest(inputs, layers, layerMean, subwordPooling, sentencePooling, encoding, batchSize);
    }

    /**
     * @param size batch size
     * @return a copy with it
     */
    public EmbeddingRequest withBatchSize(int size) {
        return new EmbeddingRequest(inputs, layers, layerMean, subwordPooling, sentencePooling, pairEncoding, size);
    }
}
