package lmwb.api;

/**
 * Receives progress of long work (embedding, scoring, training). Implementations must be cheap and must
 * not throw; they may be called from worker threads.
 */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every event. */
    ProgressListener NONE = event -> { };

    /**
     * Called when work advances.
     *
     * @param event the current state
     */
    void onProgress(ProgressEvent event);
}
