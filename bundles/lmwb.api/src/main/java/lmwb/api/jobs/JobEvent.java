package lmwb.api.jobs;

/**
 * What a job listener hears: the job after a change of state or progress.
 *
 * @param job the job as it is now
 * @param type {@code state} (the state changed) or {@code progress} (a progress event)
 */
public record JobEvent(Job job, String type) {
}
