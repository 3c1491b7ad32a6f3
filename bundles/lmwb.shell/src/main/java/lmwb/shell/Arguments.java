package lmwb.shell;

import java.util.Arrays;
import java.util.List;

/** Parsing shared by the commands' options. */
public final class Arguments {
    private Arguments() {
    }

    /**
     * @param csv a comma-separated option value such as {@code m1, m2,,m3}
     * @return the trimmed, non-empty items in order; empty for a blank value
     */
    public static List<String> commaList(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
