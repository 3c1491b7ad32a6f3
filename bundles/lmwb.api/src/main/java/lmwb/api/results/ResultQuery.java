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
 * @param text free text: every word (split at white space, compared ignoring case) must occur somewhere in the
 *     result's id, kind, summary, dataset, user, models or estimators, as part of a word or whole; at most
 *     {@value #MAX_TEXT} characters; blank is the same as {@code null}
 */
public record ResultQuery(String kind, String dataset, String model, String estimator, String user, Instant from,
        Instant to, Integer limit, String cursor, String text) {
    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 1000;
    /** Longest free text. */
    public static final int MAX_TEXT = 200;
    /** Every result's first page. */
    public static final ResultQuery ALL = new ResultQuery(null, null, null, null, null, null, null, null, null, null);

    /** Checks the page size and the free text (which it strips; blank becomes {@code null}). */
    public ResultQuery {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        text = text == null || text.isBlank() ? null : text.strip();
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the search text must be at most " + MAX_TEXT + " characters, got "
                    + text.length() + "; search for fewer words");
        }
    }

    /**
     * The query without free text (the form of version 1.0 of this package).
     *
     * @param kind see {@link #kind()}
     * @param dataset see {@link #dataset()}
     * @param model see {@link #model()}
     * @param estimator see {@link #estimator()}
     * @param user see {@link #user()}
     * @param from see {@link #from()}
     * @param to see {@link #to()}
     * @param limit see {@link #limit()}
     * @param cursor see {@link #cursor()}
     */
    public ResultQuery(String kind, String dataset, String model, String estimator, String user, Instant from,
            Instant to, Integer limit, String cursor) {
        this(kind, dataset, model, estimator, user, from, to, limit, cursor, null);
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
        return new ResultQuery(kind, dataset, model, estimator, user, from, to, limit, next, text);
    }

    /**
     * @param words free text (see {@link #text()})
     * @return this query, from its first page, for results that hold every word
     */
    public ResultQuery withText(String words) {
        return new ResultQuery(kind, dataset, model, estimator, user, from, to, limit, null, words);
    }
}
