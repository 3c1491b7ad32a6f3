package lmwb.api.rank;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A result kept in the result store.
 *
 * @param id its id
 * @param kind e.g. {@code ranking}
 * @param created when it was stored
 * @param summary one line: dataset, models, winner
 * @param directory its folder (JSON, plots)
 */
public record StoredResult(String id, String kind, Instant created, String summary, Path directory) {
}
