package lmwb.api;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation of long work: the worker checks {@link #throwIfCancelled()} between units of
 * work; the caller calls {@link #cancel()}.
 */
public final class CancellationToken {
    /** A token that is never cancelled. */
    public static final CancellationToken NONE = new CancellationToken();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the work to stop at its next check. Has no effect on {@link #NONE}. */
    public void cancel() {
        if (this != NONE) {
            cancelled.set(true);
        }
    }

    /** @return whether cancellation was requested (or the current thread was interrupted) */
    public boolean isCancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    /**
     * @throws CancelledException if cancellation was requested or the thread was interrupted
     */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException("the operation was cancelled");
        }
    }

    /** Thrown by work that stops because it was cancelled. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what was cancelled */
        public CancelledException(String message) {
            super(message);
        }
    }
}
