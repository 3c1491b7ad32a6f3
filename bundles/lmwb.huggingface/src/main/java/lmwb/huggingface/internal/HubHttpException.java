package lmwb.huggingface.internal;

import java.io.IOException;
import java.net.URI;

/** The hub answered a request with an error status. */
final class HubHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    /**
     * @param status the HTTP status
     * @param errorCode the hub's {@code X-Error-Code} (e.g. {@code RepoNotFound}), or {@code null}
     * @param serverMessage the hub's {@code X-Error-Message}, or {@code null}
     * @param url the address requested
     */
    HubHttpException(int status, String errorCode, String serverMessage, URI url) {
        super("HTTP " + status + (errorCode == null ? "" : " " + errorCode) + " for " + url
                + (serverMessage == null ? "" : ": " + serverMessage));
        this.status = status;
        this.errorCode = errorCode;
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }

    /** @return whether the repository does not exist or is not visible without a token */
    boolean repoNotFound() {
        return "RepoNotFound".equals(errorCode) || (errorCode == null && status == 401);
    }

    /** @return whether the revision does not exist */
    boolean revisionNotFound() {
        return "RevisionNotFound".equals(errorCode);
    }

    /** @return whether the file does not exist in the revision */
    boolean entryNotFound() {
        return "EntryNotFound".equals(errorCode) || (errorCode == null && status == 404);
    }

    /** @return whether the repository is gated (the user must accept its conditions) */
    boolean gated() {
        return "GatedRepo".equals(errorCode) || (errorCode == null && status == 403);
    }
}
