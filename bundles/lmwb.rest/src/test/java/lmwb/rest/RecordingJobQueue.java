package lmwb.rest;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import lmwb.api.jobs.Job;
import lmwb.api.jobs.JobEvent;
import lmwb.api.jobs.JobQueue;
import lmwb.api.jobs.JobState;
import lmwb.api.users.User;

/** Records what the REST API submits; runs nothing. Permission checks as the real queue documents them. */
public final class RecordingJobQueue implements JobQueue {
    final List<Job> submitted = new CopyOnWriteArrayList<>();

    @Override
    public Job submit(User user, String command, String args) {
        if (!user.role().canSubmitJobs()) {
            throw new SecurityException(user.name() + " may not submit jobs");
        }
        Job j = new Job(submitted.size() + 1, command, args, user.name(), JobState.QUEUED, null, null, null,
                Instant.now(), null, null);
        submitted.add(j);
        return j;
    }

    @Override
    public Optional<Job> get(long id) {
        return submitted.stream().filter(j -> j.id() == id).findFirst();
    }

    @Override
    public List<Job> list(JobState state, String user, int limit) {
        return submitted.stream().filter(j -> state == null || j.state() == state)
                .filter(j -> user == null || j.user().equals(user)).limit(limit).toList();
    }

    @Override
    public Job cancel(long id, User by) {
        Job j = get(id).orElseThrow(NoSuchElementException::new);
        if (!by.role().canCancel(j.user().equals(by.name()))) {
            throw new SecurityException(by.name() + " may not cancel job " + id + " of " + j.user());
        }
        return j;
    }

    @Override
    public Job resubmit(long id, User by) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable listen(long id, Consumer<JobEvent> listener) {
        return () -> { };
    }
}
