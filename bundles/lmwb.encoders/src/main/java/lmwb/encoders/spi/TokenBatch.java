package lmwb.encoders.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A tokenized batch padded to its longest sequence, ready for {@link TrainableEncoder#forward}.
 *
 * @param size B, the number of inputs
 * @param length T, the padded length
 * @param ids token ids, {@code B × T} row-major
 * @param typeIds token types, {@code B × T}
 * @param positions position ids, {@code B × T}
 * @param mask 1 for real tokens, 0 for padding, {@code B × T}
 * @param wordIds per input and token its word index, {@code -1} for special tokens and padding
 * @param words per input its number of words
 */
public record TokenBatch(int size, int length, long[] ids, long[] typeIds, long[] positions, float[] mask,
        int[][] wordIds, int[] words) {

    /**
     * @param manager the manager that owns the arrays
     * @return the attention mask {@code (B, T)} float32
     */
    public NDArray maskArray(NDManager manager) {
        return manager.create(mask, new Shape(size, length));
    }

    /**
     * A mask of the tokens that belong to a word (real, non-special tokens), for masked pooling.
     *
     * @param manager the manager that owns the array
     * @return {@code (B, T)} float32
     */
    public NDArray wordMaskArray(NDManager manager) {
        float[] m = new float[size * length];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) {
                m[b * length + t] = wordIds[b][t] >= 0 ? 1f : 0f;
            }
        }
        return manager.create(m, new Shape(size, length));
    }

    /**
     * The position of each word's first sub-word, for word-aligned token tagging: labels attach to words,
     * never to special tokens, so no label is shifted by a leading {@code [CLS]}.
     *
     * @param input the input's index in the batch
     * @return per word the token index of its first sub-word, {@code -1} when the word has no token (cut by
     *     truncation)
     */
    public int[] firstSubwords(int input) {
        int[] first = new int[words[input]];
        java.util.Arrays.fill(first, -1);
        int[] w = wordIds[input];
        for (int t = 0; t < w.length; t++) {
            if (w[t] >= 0 && w[t] < first.length && first[w[t]] < 0) {
                first[w[t]] = t;
            }
        }
        return first;
    }
}
