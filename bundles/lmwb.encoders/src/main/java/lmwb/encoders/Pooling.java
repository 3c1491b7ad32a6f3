package lmwb.encoders;

import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;

/**
 * Pools one input's token vectors as the reference does: sub-words into words (mean, first, last), then
 * words into one sentence vector (mean, first, last, weighted mean with linearly decreasing weights
 * 0.9 … 0.1 normalised), or the leading special token's vector ({@code cls}), or the element-wise maximum
 * over real non-special tokens ({@code max}). Special tokens never belong to a word; padding is never
 * looked at. A word with no token (dropped by the tokenizer or cut by truncation) has no vector: it is
 * skipped in sentence pooling and is a zero row for token tasks, so word rows stay aligned with labels.
 */
final class Pooling {
    private Pooling() {
    }

    /**
     * @param hidden token vectors, row-major, at least {@code offset + tokens * h} values
     * @param offset index of the input's first token's first value
     * @param wordIds word index per token ({@code -1} for special tokens), one per real token
     * @param words number of words
     * @param h hidden size
     * @param pooling sub-word pooling
     * @return per word its vector, or {@code null} when the word has no token
     */
    static float[][] words(float[] hidden, int offset, int[] wordIds, int words, int h, SubwordPooling pooling) {
        float[][] out = new float[words][];
        int[] count = new int[words];
        for (int t = 0; t < wordIds.length; t++) {
            int w = wordIds[t];
            if (w < 0) {
                continue;
            }
            int base = offset + t * h;
            if (out[w] == null) {
                out[w] = new float[h];
                System.arraycopy(hidden, base, out[w], 0, h);
            } else if (pooling == SubwordPooling.MEAN) {
                float[] v = out[w];
                for (int j = 0; j < h; j++) {
                    v[j] += hidden[base + j];
                }
            } else if (pooling == SubwordPooling.LAST) {
                System.arraycopy(hidden, base, out[w], 0, h);
            }
            count[w]++;
        }
        if (pooling == SubwordPooling.MEAN) {
            for (int w = 0; w < words; w++) {
                if (count[w] > 1) {
                    float inv = 1f / count[w];
                    for (int j = 0; j < h; j++) {
                        out[w][j] *= inv;
                    }
                }
            }
        }
        return out;
    }

    /**
     * @param hidden token vectors
     * @param offset index of the input's first token's first value
     * @param wordIds word index per token, one per real token
     * @param words number of words
     * @param h hidden size
     * @param sub sub-word pooling
     * @param sentence sentence pooling (not {@link SentencePooling#NONE})
     * @return the sentence vector
     */
    static float[] sentence(float[] hidden, int offset, int[] wordIds, int words, int h, SubwordPooling sub,
            SentencePooling sentence) {
        if (sentence == SentencePooling.CLS) {
            float[] v = new float[h];
            System.arraycopy(hidden, offset, v, 0, h);
            return v;
        }
        if (sentence == SentencePooling.MAX) {
            float[] v = new float[h];
            java.util.Arrays.fill(v, Float.NEGATIVE_INFINITY);
            boolean any = false;
            for (int t = 0; t < wordIds.length; t++) {
                if (wordIds[t] < 0) {
                    continue;
                }
                any = true;
                int base = offset + t * h;
                for (int j = 0; j < h; j++) {
                    v[j] = Math.max(v[j], hidden[base + j]);
                }
            }
            return any ? v : new float[h];
        }
        float[][] w = words(hidden, offset, wordIds, words, h, sub);
        int present = 0;
        for (float[] x : w) {
            if (x != null) {
                present++;
            }
        }
        float[][] p = new float[present][];
        int k = 0;
        for (float[] x : w) {
            if (x != null) {
                p[k++] = x;
            }
        }
        return combine(p, h, sentence);
    }

    /**
     * Pools word vectors into one sentence vector.
     *
     * @param w the word vectors (at least one, else a zero vector)
     * @param h hidden size
     * @param sentence mean, first, last or weighted_mean
     * @return the sentence vector
     */
    static float[] combine(float[][] w, int h, SentencePooling sentence) {
        float[] v = new float[h];
        int n = w.length;
        if (n == 0) {
            return v;
        }
        switch (sentence) {
            case FIRST -> System.arraycopy(w[0], 0, v, 0, h);
            case LAST -> System.arraycopy(w[n - 1], 0, v, 0, h);
            case MEAN -> {
                for (float[] x : w) {
                    for (int j = 0; j < h; j++) {
                        v[j] += x[j];
                    }
                }
                for (int j = 0; j < h; j++) {
                    v[j] /= n;
                }
            }
            case WEIGHTED_MEAN -> {
                double[] weights = weights(n);
                double[] acc = new double[h];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < h; j++) {
                        acc[j] += weights[i] * w[i][j];
                    }
                }
                for (int j = 0; j < h; j++) {
                    v[j] = (float) acc[j];
                }
            }
            default -> throw new IllegalArgumentException("sentence pooling " + sentence + " does not combine words");
        }
        return v;
    }

    /** @return {@code linspace(0.9, 0.1, n)} normalised to sum 1 (a single word gets weight 1) */
    static double[] weights(int n) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = n == 1 ? 0.9 : 0.9 - 0.8 * i / (n - 1);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
