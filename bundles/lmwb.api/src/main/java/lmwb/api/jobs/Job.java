package lmwb.api.jobs;

import java.time.Instant;
import lmwb.api.ProgressEvent;

/**
 * A job as the queue records it.
 *
 * @param id its id (FIFO order)
 * @param command the capability, e.g. {@code rank}
 * @param args the request's arguments as a JSON object (keys: the command's long options with underscores)
 * @param user who submitted it
 * @param state its state
 * @param progress the latest progress event, or {@code null}
 * @param resultId the stored result's id once it succeeded, or {@code null}
 * @param error the one-line error once it failed or was cancelled, or {@code null}
 * @param submitted when it was queued
 * @param started when a worker took it, or {@code null}
 * @param finished when it finished, or {@code null}
 */
public record Job(long id, String command, String args, String user, JobState state, ProgressEvent progress,
        String resultId, String error, Instant submitted, Instant started, Instant finished) {
}
