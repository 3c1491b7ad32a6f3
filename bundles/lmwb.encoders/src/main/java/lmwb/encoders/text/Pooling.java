package lmwb.encoders.text;

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
public final class Pooling {
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
    public static float[][] words(float[] hidden, int offset, int[] wordIds, int words, int h, SubwordPooling pooling) {
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
    public static float[] sentence(float[] hidden, int offset, int[] wordIds, int words, int h, SubwordPooling sub,
            SentencePooling sentence) {
        float[] v = new float[h];
        sentenceInto(hidden, offset, wordIds, words, h, sub, sentence, v, 0);
        return v;
    }

    /**
     * Like {@link #sentence} but adds the sentence vector into {@code target} (whose {@code h} values from
     * {@code targetOffset} must be zero) without allocating per word: every pooling but {@code max} is a
     * weighted sum of token vectors, so each token's weight (its share of its word times its word's share of
     * the sentence) is worked out first and the vectors are summed once.
     *
     * @param hidden token vectors
     * @param offset index of the input's first token's first value
     * @param wordIds word index per token, one per real token
     * @param words number of words
     * @param h hidden size
     * @param sub sub-word pooling
     * @param sentence sentence pooling (not {@link SentencePooling#NONE})
     * @param target where the sentence vector goes
     * @param targetOffset index of its first value
     */
    public static void sentenceInto(float[] hidden, int offset, int[] wordIds, int words, int h, SubwordPooling sub,
            SentencePooling sentence, float[] target, int targetOffset) {
        if (sentence == SentencePooling.CLS) {
            System.arraycopy(hidden, offset, target, targetOffset, h);
            return;
        }
        if (sentence == SentencePooling.MAX) {
            boolean any = false;
            for (int t = 0; t < wordIds.length; t++) {
                if (wordIds[t] < 0) {
                    continue;
                }
                int base = offset + t * h;
                if (!any) {
                    System.arraycopy(hidden, base, target, targetOffset, h);
                    any = true;
                    continue;
                }
                for (int j = 0; j < h; j++) {
                    target[targetOffset + j] = Math.max(target[targetOffset + j], hidden[base + j]);
                }
            }
            return;
        }
        if (sentence == SentencePooling.NONE) {
            throw new IllegalArgumentException("sentence pooling none keeps one vector per word");
        }
        // Tokens per word, and each word's first and last token.
        int[] count = new int[words];
        int[] first = new int[words];
        int[] last = new int[words];
        for (int t = 0; t < wordIds.length; t++) {
            int w = wordIds[t];
            if (w >= 0) {
                if (count[w]++ == 0) {
                    first[w] = t;
                }
                last[w] = t;
            }
        }
        // Each present word's share of the sentence.
        int present = 0;
        for (int c : count) {
            present += c > 0 ? 1 : 0;
        }
        if (present == 0) {
            return;
        }
        double[] wordShare = new double[words];
        double[] ranked = sentence == SentencePooling.WEIGHTED_MEAN ? weights(present) : null;
        int rank = 0;
        for (int w = 0; w < words; w++) {
            if (count[w] == 0) {
                continue;
            }
            wordShare[w] = switch (sentence) {
                case MEAN -> 1.0 / present;
                case FIRST -> rank == 0 ? 1 : 0;
                case LAST -> rank == present - 1 ? 1 : 0;
                case WEIGHTED_MEAN -> ranked[rank];
                default -> throw new IllegalArgumentException("sentence pooling " + sentence);
            };
            rank++;
        }
        for (int t = 0; t < wordIds.length; t++) {
            int w = wordIds[t];
            if (w < 0 || wordShare[w] == 0) {
                continue;
            }
            double tokenShare = switch (sub) {
                case MEAN -> 1.0 / count[w];
                case FIRST -> t == first[w] ? 1 : 0;
                case LAST -> t == last[w] ? 1 : 0;
            };
            float c = (float) (wordShare[w] * tokenShare);
            if (c == 0f) {
                continue;
            }
            int base = offset + t * h;
            for (int j = 0; j < h; j++) {
                target[targetOffset + j] += c * hidden[base + j];
            }
        }
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
