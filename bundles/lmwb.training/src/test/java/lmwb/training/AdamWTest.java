package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW, clipping, the schedule and best-model selection against hand computations. */
class AdamWTest {

    @Test
    void firstTwoStepsMatchAHandComputation() {
        AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0.01);
        float[] p = {1.0f, -2.0f};
        adam.beginStep();
        adam.update("w", p, new float[] {0.5f, -1.0f}, 0.1, true);
        // step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g² → update = lr · g/|g| = ±0.1; decay: p·(1 − 0.1·0.01)
        // p0 = 1·0.999 − 0.1 = 0.899; p1 = −2·0.999 + 0.1 = −1.898
        assertArrayEquals(new float[] {0.899f, -1.898f}, p, 1e-6f);
        adam.beginStep();
        adam.update("w", p, new float[] {0.5f, -1.0f}, 0.1, true);
        // step 2 with the same gradient: m = 0.19 g, v = 0.001999 g², m̂ = 0.19/0.19 g = g, v̂ = g² → again ±0.1
        // p0 = 0.899·0.999 − 0.1 = 0.798101; p1 = −1.898·0.999 + 0.1 = −1.796102
        assertArrayEquals(new float[] {0.798101f, -1.796102f}, p, 1e-6f);
    }

    @Test
    void biasesAreNotDecayed() {
        AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0.5);
        float[] b = {1.0f};
        adam.beginStep();
        adam.update("b", b, new float[] {2.0f}, 0.1, false);
        assertEquals(0.9f, b[0], 1e-6f);
    }

    @Test
    void clippingScalesToTheMaximumNorm() {
        float[] a = {3f, 0f};
        float[] b = {4f};
        double norm = AdamW.clip(List.of(a, b), 1.0);
        assertEquals(5.0, norm, 1e-12);
        // scaled by 1/(5 + 1e-6)
        assertEquals(0.6f, a[0], 1e-6f);
        assertEquals(0.8f, b[0], 1e-6f);
        float[] small = {0.3f};
        AdamW.clip(List.of(small), 5.0);
        assertEquals(0.3f, small[0], 0f);
    }

    @Test
    void warmUpThenLinearDecay() {
        // 10 steps, 2 warm-up: 0.5, 1.0, then (10 − s)/8: 8/8, 7/8, …, 1/8
        assertEquals(0.5, AdamW.schedule(0, 2, 10), 1e-12);
        assertEquals(1.0, AdamW.schedule(1, 2, 10), 1e-12);
        assertEquals(1.0, AdamW.schedule(2, 2, 10), 1e-12);
        assertEquals(7.0 / 8, AdamW.schedule(3, 2, 10), 1e-12);
        assertEquals(1.0 / 8, AdamW.schedule(9, 2, 10), 1e-12);
        assertEquals(1.0, AdamW.schedule(0, 0, 10), 1e-12);
    }

    @Test
    void bestModelKeepsNegativeScores() {
        BestModel best = new BestModel(true);
        // The reference started at 0, so an MCC of −0.2 was never saved.
        assertTrue(best.offer(-0.2, 1, () -> java.util.Map.of("w", new float[] {1})));
        assertEquals(1, best.epoch());
        assertFalse(best.offer(-0.3, 2, () -> java.util.Map.of("w", new float[] {2})));
        assertFalse(best.offer(-0.2, 3, () -> java.util.Map.of("w", new float[] {3})));
        assertTrue(best.offer(0.0, 4, () -> java.util.Map.of("w", new float[] {4})));
        assertEquals(4, best.epoch());
        assertEquals(4f, best.parameters().get("w")[0], 0f);
        BestModel lower = new BestModel(false);
        assertTrue(lower.offer(3.0, 1, java.util.Map::of));
        assertTrue(lower.offer(2.0, 2, java.util.Map::of));
        assertFalse(lower.offer(2.5, 3, java.util.Map::of));
    }
}
