package lmwb.ranker;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lmwb.api.CancellationToken;
import lmwb.api.CancellationToken.CancelledException;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.Estimator;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.rank.RunningEstimatorCall;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Runs estimator calls on worker threads that the ranking can walk away from. An estimator (a plug-in, say)
 * that ignores its cancellation token would otherwise hold the command until it finishes: here the caller
 * waits for the call while watching its own token and interrupt status; when either says stop, it cancels
 * the call's token, interrupts the worker, waits {@link #GRACE} for it to return, and then throws
 * {@link CancelledException} anyway, recording the call as running after cancel until it returns.
 */
final class EstimatorCalls implements AutoCloseable {
    /** How long a cancelled estimator call may take to notice before the ranking returns without it. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lmwb-estimator-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final Map<Object, RunningEstimatorCall> runningAfterCancel = new ConcurrentHashMap<>();

    /**
     * Calls {@code e.score(...)} on a worker thread and waits for it.
     *
     * @param cancel the ranking's token; the caller's interrupt counts as cancellation too
     * @return the score
     * @throws CancelledException when cancelled (the call may still be running, see {@link #runningAfterCancel()})
     */
    Score score(Estimator e, FloatMatrix matrix, Labels labels, EstimatorOptions options, CancellationToken cancel) {
        CancellationToken callToken = new CancellationToken();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Score> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        Object key = new Object();
        workers.execute(() -> {
            worker.set(Thread.currentThread());
            try {
                result.set(e.score(matrix, labels, options, callToken));
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                worker.set(null);
                done.countDown();
                runningAfterCancel.remove(key);
            }
        });
        boolean interrupted = false;
        try {
            while (!cancel.isCancelled()) {
                if (done.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return outcome(result.get(), failure.get());
                }
            }
        } catch (InterruptedException ie) {
            interrupted = true;
        }
        callToken.cancel();
        Thread t = worker.get();
        if (t != null && done.getCount() > 0) {
            t.interrupt();
        }
        try {
            if (!awaitUninterruptibly(done, GRACE)) {
                runningAfterCancel.put(key, new RunningEstimatorCall(e.name(), bundleOf(e), Instant.now(),
                        t == null ? "?" : t.getName()));
                if (done.getCount() == 0) {
                    runningAfterCancel.remove(key);
                }
            }
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
        throw new CancelledException("the operation was cancelled");
    }

    private static Score outcome(Score score, Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return score;
    }

    /** Waits for {@code latch} up to {@code timeout}, even if this thread is interrupted meanwhile. */
    private static boolean awaitUninterruptibly(CountDownLatch latch, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    return latch.await(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the calls still running after their ranking gave up on them, oldest first */
    List<RunningEstimatorCall> runningAfterCancel() {
        return runningAfterCancel.values().stream().sorted(Comparator.comparing(RunningEstimatorCall::since)).toList();
    }

    private static String bundleOf(Estimator e) {
        Bundle b = FrameworkUtil.getBundle(e.getClass());
        return b == null ? "(no bundle)" : b.getSymbolicName() + " " + b.getVersion();
    }

    /** Stops the idle workers; calls still running keep their (daemon) threads until they return. */
    @Override
    public void close() {
        workers.shutdown();
    }
}
