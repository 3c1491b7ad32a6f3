package lmwb.huggingface.internal;

import java.io.IOException;

/** A downloaded file does not have the checksum the hub announced for it. */
final class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message which file, the expected and the actual checksum */
    ChecksumMismatchException(String message) {
        super(message);
    }
}
