package lmwb.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import lmwb.api.encoder.SentencePooling;
import lmwb.encoders.spi.TokenBatch;

/**
 * Differentiable pooling of hidden states {@code (B, T, H)} for fine-tuning, in the request's vocabulary
 * ({@link SentencePooling}; training offers {@link lmwb.api.training.TrainingRequest#POOLINGS}): the leading
 * special token ({@code cls}), or the mean or element-wise maximum over the tokens that belong to words
 * (special tokens and padding masked out, unlike the reference's mean over padding), or per word its first
 * sub-word.
 */
final class HiddenStatePooling {
    private HiddenStatePooling() {
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
     * @param pooling {@code cls}, {@code mean} or {@code max}
     * @param hidden {@code (B, T, H)}
     * @param wordMask {@code (B, T)}, 1 on tokens of words
     * @return {@code (B, H)}
     * @throws IllegalArgumentException for a pooling training does not offer
     */
    static NDArray pool(SentencePooling pooling, NDArray hidden, NDArray wordMask) {
        switch (pooling) {
            case CLS:
                return hidden.get(":, 0, :");
            case MAX: {
                NDArray neg = wordMask.sub(1f).mul(1e9f).expandDims(2);
                return hidden.add(neg).max(new int[] {1});
            }
            case MEAN: {
                NDArray m = wordMask.expandDims(2);
                NDArray count = wordMask.sum(new int[] {1}, true).maximum(1f);
                return hidden.mul(m).sum(new int[] {1}).div(count);
            }
            default:
                throw new IllegalArgumentException("training pools with mean, cls or max, not "
                        + pooling.name().toLowerCase(java.util.Locale.ROOT));
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
