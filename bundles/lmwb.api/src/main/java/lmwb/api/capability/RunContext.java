package lmwb.api.capability;

import java.util.Objects;
import lmwb.api.CancellationToken;
import lmwb.api.ProgressListener;

/**
 * Who runs a capability and how it reports back.
 *
 * @param user the user the work runs as (recorded in provenance and the result store): the server's user for
 *     queued jobs, {@link #LOCAL_USER} for a local command line
 * @param jobId the job-queue id, or {@code null} outside the queue
 * @param progress where progress goes
 * @param cancel polled between units of work
 */
public record RunContext(String user, Long jobId, ProgressListener progress, CancellationToken cancel) {
    /** The user of a local command line (no server, no token). */
    public static final String LOCAL_USER = "local";

    /** Checks and defaults. */
    public RunContext {
        user = user == null || user.isBlank() ? LOCAL_USER : user;
        progress = progress == null ? ProgressListener.NONE : progress;
        cancel = cancel == null ? CancellationToken.NONE : cancel;
    }

    /**
     * @param progress where progress goes
     * @param cancel the cancellation token
     * @return a local context (user {@value #LOCAL_USER}, no job)
     */
    public static RunContext local(ProgressListener progress, CancellationToken cancel) {
        return new RunContext(LOCAL_USER, null, progress, Objects.requireNonNull(cancel, "cancel"));
    }
}
