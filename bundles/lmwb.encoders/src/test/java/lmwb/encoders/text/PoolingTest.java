package lmwb.encoders.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import lmwb.api.encoder.SentencePooling;
import lmwb.api.encoder.SubwordPooling;
import org.junit.jupiter.api.Test;

/**
 * Pooling on a hand-made input, H = 2: tokens [CLS] a ##b c [SEP] [PAD] with word ids -1 0 0 1 -1 and
 * vectors (10,10) (1,2) (3,4) (5,0) (20,20) (99,99). Expected values are computed by hand below.
 */
class PoolingTest {
    // Token vectors; the padding row must never be read: only 5 word ids are passed.
    static final float[] H = {10, 10, 1, 2, 3, 4, 5, 0, 20, 20, 99, 99};
    static final int[] WORDS = {-1, 0, 0, 1, -1};

    @Test
    void subwordsIntoWords() {
        float[][] mean = Pooling.words(H, 0, WORDS, 2, 2, SubwordPooling.MEAN);
        assertArrayEquals(new float[] {2, 3}, mean[0]); // ((1,2) + (3,4)) / 2
        assertArrayEquals(new float[] {5, 0}, mean[1]);
        assertArrayEquals(new float[] {1, 2}, Pooling.words(H, 0, WORDS, 2, 2, SubwordPooling.FIRST)[0]);
        assertArrayEquals(new float[] {3, 4}, Pooling.words(H, 0, WORDS, 2, 2, SubwordPooling.LAST)[0]);
        assertNull(Pooling.words(H, 0, WORDS, 3, 2, SubwordPooling.MEAN)[2], "a word without tokens has no vector");
    }

    @Test
    void wordsIntoSentence() {
        assertArrayEquals(new float[] {3.5f, 1.5f},
                Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN, SentencePooling.MEAN)); // ((2,3)+(5,0))/2
        assertArrayEquals(new float[] {2, 3}, Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN,
                SentencePooling.FIRST));
        assertArrayEquals(new float[] {5, 0}, Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN,
                SentencePooling.LAST));
        assertArrayEquals(new float[] {10, 10}, Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN,
                SentencePooling.CLS));
        // max over real non-special tokens (1,2) (3,4) (5,0): specials (10,10) (20,20) and padding excluded.
        assertArrayEquals(new float[] {5, 4}, Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN,
                SentencePooling.MAX));
        // weighted mean: weights 0.9, 0.1 normalised to 0.9, 0.1 -> 0.9*(2,3) + 0.1*(5,0) = (2.3, 2.7)
        float[] w = Pooling.sentence(H, 0, WORDS, 2, 2, SubwordPooling.MEAN, SentencePooling.WEIGHTED_MEAN);
        assertEquals(2.3f, w[0], 1e-6);
        assertEquals(2.7f, w[1], 1e-6);
    }

    @Test
    void weightedMeanWeights() {
        // linspace(0.9, 0.1, 3) = 0.9, 0.5, 0.1; sum 1.5 -> 0.6, 0.333.., 0.0666..
        assertArrayEquals(new double[] {0.6, 1 / 3.0, 0.1 / 1.5}, Pooling.weights(3), 1e-12);
        assertArrayEquals(new double[] {1.0}, Pooling.weights(1), 1e-12);
    }

    @Test
    void offsetSelectsTheBatchRow() {
        float[] two = new float[24];
        System.arraycopy(H, 0, two, 12, 12);
        assertArrayEquals(new float[] {3.5f, 1.5f},
                Pooling.sentence(two, 12, WORDS, 2, 2, SubwordPooling.MEAN, SentencePooling.MEAN));
    }

    @Test
    void referenceWordPattern() {
        // \w+|[^\w\s]+ as Python's re with Unicode: punctuation runs stay together, accents stay in words.
        assertEquals(List.of("Don", "'", "t", "stop", "...", "café", "[", "SEP", "]"),
                InputTokenizer.splitWords("Don't stop... café [SEP]"));
    }

    /**
     * The one-pass weighted sum used for sentence pooling against the two-stage definition (pool sub-words
     * into word vectors, then word vectors into the sentence), on random vectors with words of 1-3 tokens,
     * a word that lost its tokens, and special tokens, for every sub-word x sentence pooling pair.
     */
    @Test
    void onePassSentencePoolingEqualsTwoStages() {
        java.util.Random rnd = new java.util.Random(7);
        int h = 8;
        int[] wordIds = {-1, 0, 1, 1, 1, 3, 4, 4, -1}; // word 2 has no token
        int words = 5;
        float[] hidden = new float[wordIds.length * h];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) rnd.nextGaussian();
        }
        for (SubwordPooling sub : SubwordPooling.values()) {
            float[][] w = Pooling.words(hidden, 0, wordIds, words, h, sub);
            List<float[]> present = new java.util.ArrayList<>();
            for (float[] x : w) {
                if (x != null) {
                    present.add(x);
                }
            }
            int n = present.size();
            double[] ranked = Pooling.weights(n);
            for (SentencePooling sentence : List.of(SentencePooling.MEAN, SentencePooling.FIRST, SentencePooling.LAST,
                    SentencePooling.WEIGHTED_MEAN)) {
                float[] expected = new float[h];
                for (int j = 0; j < h; j++) {
                    double v = 0;
                    for (int i = 0; i < n; i++) {
                        double share = switch (sentence) {
                            case MEAN -> 1.0 / n;
                            case FIRST -> i == 0 ? 1 : 0;
                            case LAST -> i == n - 1 ? 1 : 0;
                            default -> ranked[i];
                        };
                        v += share * present.get(i)[j];
                    }
                    expected[j] = (float) v;
                }
                assertArrayEquals(expected, Pooling.sentence(hidden, 0, wordIds, words, h, sub, sentence), 1e-6f,
                        sub + " / " + sentence);
            }
        }
    }
}
