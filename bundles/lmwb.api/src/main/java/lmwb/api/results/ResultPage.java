package lmwb.api.results;

import java.util.List;

/**
 * One page of a {@link ResultQuery}.
 *
 * @param results the results, newest first
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last one
 */
public record ResultPage(List<StoredResult> results, String nextCursor) {
    /** Freezes the list. */
    public ResultPage {
        results = List.copyOf(results);
    }
}
