package lmwb.encoders.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lmwb.encoders.weights.EncoderConfig;
import org.junit.jupiter.api.Test;

/** How many batches embed runs at once, and what one batch in flight is estimated to hold. */
class EmbedWorkersTest {
    /** bge-small's shape: 12 layers, hidden 384, 12 heads, feed-forward 1536. */
    static final EncoderConfig BGE = new EncoderConfig("bert", 30522, 384, 384, 12, 12, 1536, 512, 2, 1e-12, "gelu",
            0, 0);

    @Test
    void oneWorkerPerCoreWhileTheBudgetHolds() {
        assertEquals(2, EncoderLanguageModel.workers(100, 2, 10L << 20, 8L << 30));
        assertEquals(1, EncoderLanguageModel.workers(1, 16, 10L << 20, 8L << 30), "one batch, one worker");
        assertEquals(64, EncoderLanguageModel.workers(1000, 64, 10L << 20, 8L << 30));
    }

    @Test
    void theBudgetCapsWorkersOnManyCores() {
        long batch = EncoderLanguageModel.batchBytes(BGE, 32, 512, 32L * 512);
        // Hand count: 16,384 tokens x (9 x 384 + 2 x 1,536) floats x 4 B = 428 MB, plus two attention buffers
        // capped at 64 MB each: 562 MB.
        assertEquals(16_384L * (9 * 384 + 3_072) * 4 + 2 * (64L << 20), batch);
        assertEquals(15, EncoderLanguageModel.workers(1000, 64, batch, 8L << 30));
        assertEquals(1, EncoderLanguageModel.workers(1000, 64, batch, 1L << 20), "at least one worker");
        // Short sentences: the budget does not bind.
        long small = EncoderLanguageModel.batchBytes(BGE, 32, 25, 32L * 20);
        assertEquals(640L * (9 * 384 + 3_072) * 4 + 2 * (32L * 12 * 25 * 25 * 4), small);
        assertEquals(64, EncoderLanguageModel.workers(1000, 64, small, 8L << 30));
    }

    @Test
    void budgetFromThePropertyOrTheMachine() {
        System.setProperty(EncoderLanguageModel.MEMORY_BUDGET_PROPERTY, "512");
        try {
            assertEquals(512L << 20, EncoderLanguageModel.memoryBudget());
        } finally {
            System.clearProperty(EncoderLanguageModel.MEMORY_BUDGET_PROPERTY);
        }
        assertTrue(EncoderLanguageModel.memoryBudget() >= 1L << 30, "half the RAM of any test machine");
    }
}
