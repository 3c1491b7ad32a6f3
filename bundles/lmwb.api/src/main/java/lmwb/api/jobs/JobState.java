package lmwb.api.jobs;

import java.util.Locale;

/** A job's state; written in lower case in JSON and the database. */
public enum JobState {
    /** Waiting for a worker. */
    QUEUED,
    /** A worker runs it. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Finished with an error (including "interrupted by a server restart"). */
    FAILED,
    /** Cancelled by its owner or an admin. */
    CANCELLED;

    /** @return whether the job has finished */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * @param text a state name in any case
     * @return the state
     * @throws IllegalArgumentException for an unknown state (the message lists the states)
     */
    public static JobState parse(String text) {
        for (JobState s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + text + "'; use queued, running, succeeded, failed or cancelled");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
