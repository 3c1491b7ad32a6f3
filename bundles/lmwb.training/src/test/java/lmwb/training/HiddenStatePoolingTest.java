package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import lmwb.api.encoder.SentencePooling;
import lmwb.djl.DjlContext;
import org.junit.jupiter.api.Test;

/** Training pools in the request's vocabulary ({@link SentencePooling}), the one pooling enum. */
class HiddenStatePoolingTest {
    // One input of 4 tokens, H = 2: [CLS] w1 w2 [SEP]; the word mask covers w1 and w2 only.
    private static final float[] HIDDEN = {9, -9, 1, 4, 3, 2, 7, 7};
    private static final float[] WORDS = {0, 1, 1, 0};

    private static float[] pool(SentencePooling pooling) throws Exception {
        return DjlContext.call(() -> {
            try (NDManager m = NDManager.newBaseManager(DjlContext.device("cpu"))) {
                NDArray hidden = m.create(HIDDEN, new Shape(1, 4, 2));
                NDArray mask = m.create(WORDS, new Shape(1, 4));
                return HiddenStatePooling.pool(pooling, hidden, mask).toFloatArray();
            }
        });
    }

    @Test
    void theThreePoolingsTrainingOffersComputeOverWordTokens() throws Exception {
        // By hand: cls = first token; mean of w1, w2 = (1+3)/2, (4+2)/2; max of w1, w2 = 3, 4.
        assertArrayEquals(new float[] {9, -9}, pool(SentencePooling.CLS));
        assertArrayEquals(new float[] {2, 3}, pool(SentencePooling.MEAN));
        assertArrayEquals(new float[] {3, 4}, pool(SentencePooling.MAX));
    }

    @Test
    void aPoolingTrainingDoesNotOfferIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool(SentencePooling.WEIGHTED_MEAN));
        assertEquals("training pools with mean, cls or max, not weighted_mean", e.getMessage());
    }
}
