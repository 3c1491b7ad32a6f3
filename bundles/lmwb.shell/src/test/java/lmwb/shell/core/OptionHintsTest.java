package lmwb.shell.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a shell line into words (the lookup itself runs in Felix: lmwb.itest CommandsTest). */
class OptionHintsTest {
    @Test
    void wordsKeepQuotedParts() {
        assertEquals(List.of("lmwb:rank", "--dataset", "my data.csv", "--model", "x"),
                OptionHints.words("lmwb:rank  --dataset \"my data.csv\" --model x"));
        assertEquals(List.of("embed", "--pair", ""), OptionHints.words("embed --pair ''"));
        assertEquals(List.of(), OptionHints.words("   "));
    }
}
