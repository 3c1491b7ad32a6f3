package lmwb.rest;

/** An answer other than success: the HTTP status and the one-line message of the JSON error body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
