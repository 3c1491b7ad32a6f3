package lmwb.api.estimator;

/** Thrown when an estimator is asked to score a kind of task it cannot score (e.g. H-score on regression). */
public final class UnsupportedTaskException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is unsupported and what to use instead */
    public UnsupportedTaskException(String message) {
        super(message);
    }
}
