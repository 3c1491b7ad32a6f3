package lmwb.huggingface.internal;

import java.io.IOException;

/** The hub cannot be contacted: no network, a wrong address, or offline mode. */
final class HubUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what can be used instead
     * @param cause the connection failure, or {@code null}
     */
    HubUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
