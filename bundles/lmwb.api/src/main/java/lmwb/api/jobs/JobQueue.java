package lmwb.api.jobs;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lmwb.api.users.User;

/**
 * The durable FIFO job queue of {@code lmwb serve}. Permissions are checked here, on the server: viewers cannot
 * submit, members cancel their own jobs, admins any.
 */
@org.osgi.annotation.versioning.ProviderType
public interface JobQueue {
    /**
     * Checks and queues a job.
     *
     * @param user who submits it
     * @param command an installed capability's name
     * @param args its arguments as a JSON object text
     * @return the queued job
     * @throws IllegalArgumentException for an unknown command or arguments its request refuses (one line)
     * @throws SecurityException when the user may not submit jobs
     */
    Job submit(User user, String command, String args);

    /**
     * @param id a job id
     * @return the job, if there is one
     */
    Optional<Job> get(long id);

    /**
     * @param state only jobs in this state, or {@code null}
     * @param user only this user's jobs, or {@code null}
     * @param limit at most this many, newest first
     * @return the jobs
     */
    List<Job> list(JobState state, String user, int limit);

    /**
     * Cancels a queued job, or asks a running one to stop (it reaches the capability's cancellation token).
     *
     * @param id the job
     * @param by who asks
     * @return the job after the request
     * @throws java.util.NoSuchElementException when there is no such job
     * @throws SecurityException when {@code by} is neither the owner nor an admin
     * @throws IllegalStateException when the job has already finished
     */
    Job cancel(long id, User by);

    /**
     * Queues a finished job's request again (e.g. one interrupted by a server restart).
     *
     * @param id the job
     * @param by who asks (the owner or an admin)
     * @return the new job
     */
    Job resubmit(long id, User by);

    /**
     * Listens to one job's state changes and progress until closed.
     *
     * @param id the job
     * @param listener called on a queue thread; must return quickly
     * @return closes the subscription
     */
    AutoCloseable listen(long id, Consumer<JobEvent> listener);
}
