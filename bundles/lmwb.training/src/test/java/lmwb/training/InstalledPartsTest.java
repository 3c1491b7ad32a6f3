package lmwb.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lmwb.api.TaskType;
import org.junit.jupiter.api.Test;

/** The heads and combiners a training component was bound, looked up by name as train and predict name them. */
class InstalledPartsTest {
    @Test
    void headsAndCombinersByNameAndTheInstalledOnesInRefusals() {
        InstalledParts parts = new InstalledParts();
        TextClassificationHead text = new TextClassificationHead();
        PairClassificationHead pair = new PairClassificationHead();
        MeanCombiner mean = new MeanCombiner();
        parts.addHead(text);
        parts.addHead(pair);
        parts.addCombiner(new ConcatCombiner());
        parts.addCombiner(mean);

        assertSame(pair, parts.head("auto", TaskType.PAIR_CLASSIFICATION));
        assertSame(text, parts.head(null, TaskType.TEXT_CLASSIFICATION));
        assertSame(text, parts.head("text-classification", TaskType.TEXT_CLASSIFICATION));
        assertSame(mean, parts.combiner("mean"));
        assertEquals("head 'text-classification' does not support task type PAIR_CLASSIFICATION; use --head auto or "
                + "one of [pair-classification]", assertThrows(IllegalArgumentException.class,
                        () -> parts.head("text-classification", TaskType.PAIR_CLASSIFICATION)).getMessage());
        // the names and descriptions are the combiners' own (ConcatCombiner, MeanCombiner)
        assertEquals("unknown combiner 'dme'; installed combiners: concat (the models' vectors side by side, no "
                + "parameters), mean (each model projected to the widest model's size, then averaged); a plug-in "
                + "bundle in runtime/deploy/ adds more",
                assertThrows(IllegalArgumentException.class, () -> parts.combiner("dme")).getMessage());

        // a plug-in's bundle going away unbinds it: it is no longer found, nor listed
        parts.removeHead(pair);
        parts.removeCombiner(mean);
        assertEquals("no head supports task type PAIR_CLASSIFICATION; installed heads: [text-classification]",
                assertThrows(IllegalArgumentException.class, () -> parts.head("auto", TaskType.PAIR_CLASSIFICATION))
                        .getMessage());
        assertEquals("unknown combiner 'mean'; installed combiners: concat (the models' vectors side by side, no "
                + "parameters); a plug-in bundle in runtime/deploy/ adds more",
                assertThrows(IllegalArgumentException.class, () -> parts.combiner("mean")).getMessage());
    }
}
