package lmwb.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The terminal size of an interactive SSH session. */
class GogoChannelTest {
    @Test
    void aMissingOrZeroSizeFallsBackToTheDefault() {
        assertEquals(120, GogoChannel.dimension("120", 80));
        assertEquals(80, GogoChannel.dimension(null, 80), "no COLUMNS");
        // ssh on a pseudo-terminal that has no size sends 0 columns and 0 lines
        assertEquals(80, GogoChannel.dimension("0", 80));
        assertEquals(24, GogoChannel.dimension("-1", 24));
        assertEquals(24, GogoChannel.dimension("wide", 24));
    }
}
