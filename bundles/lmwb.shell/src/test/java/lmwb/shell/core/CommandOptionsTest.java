package lmwb.shell.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import lmwb.shell.dataset.DatasetCommand;
import lmwb.shell.rank.RankCommand;
import org.junit.jupiter.api.Test;

/** The option check runs on the real {@code rank} command class's Gogo annotations. */
class CommandOptionsTest {
    private static final String HELP = "runtime/lmwb help rank";
    private final CommandOptions rank = CommandOptions.of(List.of(new RankCommand(null)), "rank");

    @Test
    void knownOptionsPass() {
        assertEquals(Optional.empty(), rank.unknownOption("rank", List.of("--dataset", "acceptability", "--json",
                "--downsample", "0.1"), HELP));
        // A value that looks like an option is skipped as the value of the option before it.
        assertEquals(Optional.empty(), rank.unknownOption("rank", List.of("--models", "--odd-name"), HELP));
    }

    @Test
    void unknownOptionIsNamedWithTheClosestAndTheList() {
        String m = rank.unknownOption("rank", List.of("--dataset", "x", "--model", "a"), HELP).orElseThrow();
        assertTrue(m.startsWith("rank has no option --model (did you mean --models?); its options: "), m);
        assertTrue(m.contains("--estimator") && m.contains("--json"), m);
        assertTrue(m.endsWith("(run 'runtime/lmwb help rank')"), m);
        String far = rank.unknownOption("rank", List.of("--zzzzzzzz"), HELP).orElseThrow();
        assertTrue(far.startsWith("rank has no option --zzzzzzzz; its options: "), far);
    }

    @Test
    void badValuesOfATextOnlyCommandSayAValueIsMissing() {
        // rank takes every option as text (the request codec checks the values and names the option), so Gogo can
        // only fail to match its arguments when an option has no value.
        assertEquals("rank: cannot read the arguments: an option is missing its value; run '" + HELP + "'",
                rank.badValues("rank", HELP));
    }

    @Test
    void aMissingArgumentIsNamedByItsDescription() {
        // Gogo's own message for `dataset` without its argument is "Cannot coerce dataset() to any of [...]".
        CommandOptions dataset = CommandOptions.of(List.of(new DatasetCommand(null)), "dataset");
        String help = "runtime/lmwb help dataset";
        String expected = "dataset needs an argument: catalogue name (see lmwb:datasets) or path to a file or directory; "
                + "run 'runtime/lmwb help dataset'";
        assertEquals(Optional.of(expected), dataset.missingArgument("dataset", List.of(), help));
        // Option values are not arguments: "3" belongs to --seed.
        assertEquals(Optional.of(expected), dataset.missingArgument("dataset", List.of("--seed", "3", "--json"), help));
        assertEquals(Optional.empty(), dataset.missingArgument("dataset", List.of("--json", "acceptability"), help));
        // rank takes options only.
        assertEquals(Optional.empty(), rank.missingArgument("rank", List.of(), HELP));
    }

    @Test
    void distance() {
        assertEquals(1, CommandOptions.distance("--model", "--models"));
        assertEquals(0, CommandOptions.distance("--json", "--json"));
        assertEquals(2, CommandOptions.distance("--jsno", "--json"));
    }
}
