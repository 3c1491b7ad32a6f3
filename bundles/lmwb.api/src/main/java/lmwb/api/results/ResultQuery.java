package lmwb.api.results;

import java.time.Instant;

/**
 * Filters for {@link ResultStore#query}; {@code null} means "any". Results come newest first.
 *
 * @param kind e.g. {@code ranking}
 * @param dataset exact dataset name or file
 * @param model a model the result used
 * @param estimator an estimator the result used
 * @param user who produced it
 * @param from created at or after
 * @param to created before
 * @param limit page size, 1 to {@value #MAX_LIMIT} ({@code null}: {@value #DEFAULT_LIMIT})
 * @param cursor the {@link ResultPage#nextCursor()} of the previous page, or {@code null} for the first
 */
public record ResultQuery(String kind, String dataset, String model, String estimator, String user, Instant from,
        Instant to, Integer limit, String cursor) {
    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 1000;
    /** Every result's first page. */
    public static final ResultQuery ALL = new ResultQuery(null, null, null, null, null, null, null, null, null);

    /** Checks the page size. */
    public ResultQuery {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** @return the page size to use */
    public int pageSize() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    /**
     * @param next a cursor
     * @return this query for the page at that cursor
     */
    public ResultQuery withCursor(String next) {
        return new ResultQuery(kind, dataset, model, estimator, user, from, to, limit, next);
    }
}
