package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import lmwb.encoders.spi.TokenBatch;

/**
 * Differentiable pooling of hidden states {@code (B, T, H)} for fine-tuning: the leading special token
 * ({@code cls}), or the mean or element-wise maximum over the tokens that belong to words (special tokens
 * and padding masked out, unlike the reference's mean over padding), or per word its first sub-word.
 */
enum Pooling {
    /** The first token's vector. */
    CLS,
    /** Masked mean over word tokens. */
    MEAN,
    /** Masked maximum over word tokens. */
    MAX;

    static Pooling parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pooling '" + name + "'; use cls, mean or max");
        }
    }

    /**
     * @param hs every hidden state (embedding output first)
     * @param layer the layer (negative from the end) or {@code null} for the mean over transformer layers
     * @return {@code (B, T, H)}
     */
    static NDArray layer(NDList hs, Integer layer) {
        int layers = hs.size() - 1;
        if (layer == null) {
            NDArray sum = hs.get(1);
            for (int l = 2; l <= layers; l++) {
                sum = sum.add(hs.get(l));
            }
            return sum.div(layers);
        }
        int a = layer < 0 ? layers + 1 + layer : layer;
        if (a < 0 || a > layers) {
            throw new IllegalArgumentException("layer " + layer + " does not exist; the model has layers 0 to " + layers
                    + " (or -1 to -" + (layers + 1) + ")");
        }
        return hs.get(a);
    }

    /**
     * @param hidden {@code (B, T, H)}
     * @param wordMask {@code (B, T)}, 1 on tokens of words
     * @return {@code (B, H)}
     */
    NDArray pool(NDArray hidden, NDArray wordMask) {
        switch (this) {
            case CLS:
                return hidden.get(":, 0, :");
            case MAX: {
                NDArray neg = wordMask.sub(1f).mul(1e9f).expandDims(2);
                return hidden.add(neg).max(new int[] {1});
            }
            default: {
                NDArray m = wordMask.expandDims(2);
                NDArray count = wordMask.sum(new int[] {1}, true).maximum(1f);
                return hidden.mul(m).sum(new int[] {1}).div(count);
            }
        }
    }

    /**
     * Gathers each word's first sub-word vector, so labels attach to words and are never shifted by
     * special tokens. A word with no token (cut by truncation) gets a zero row.
     *
     * @param hidden {@code (B, T, H)}
     * @param batch the tokenized batch
     * @return {@code (Σ words, H)} in input order
     */
    static NDArray firstSubwords(NDArray hidden, TokenBatch batch) {
        NDManager m = hidden.getManager();
        int total = 0;
        for (int b = 0; b < batch.size(); b++) {
            total += batch.words()[b];
        }
        int bt = batch.size() * batch.length();
        float[] gather = new float[total * bt];
        int row = 0;
        for (int b = 0; b < batch.size(); b++) {
            for (int t : batch.firstSubwords(b)) {
                if (t >= 0) {
                    gather[row * bt + b * batch.length() + t] = 1f;
                }
                row++;
            }
        }
        long h = hidden.getShape().get(2);
        NDArray g = m.create(gather, new Shape(total, bt));
        return g.matMul(hidden.reshape(bt, h));
    }
}
