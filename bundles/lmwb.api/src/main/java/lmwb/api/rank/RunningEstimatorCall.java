package lmwb.api.rank;

import java.time.Instant;
import java.util.Objects;

/**
 * An estimator call that was still running when the ranking that made it had been cancelled and the ranker
 * stopped waiting for it (see {@link Ranker#runningAfterCancel()}).
 *
 * @param estimator the estimator's name
 * @param bundle the symbolic name and version of the bundle that provides the estimator, e.g.
 *     {@code lmwb.example.gbc 0.1.0}, or {@code (no bundle)} outside a framework
 * @param since when the ranker gave up waiting for it
 * @param thread the name of the thread that runs it
 * @since 1.1
 */
public record RunningEstimatorCall(String estimator, String bundle, Instant since, String thread) {

    /** Checks the fields. */
    public RunningEstimatorCall {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(thread, "thread");
    }
}
