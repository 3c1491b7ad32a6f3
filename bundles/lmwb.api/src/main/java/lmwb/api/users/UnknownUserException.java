package lmwb.api.users;

/** A user name that the directory does not hold (a REST front end answers 404). */
public class UnknownUserException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do, one line */
    public UnknownUserException(String message) {
        super(message);
    }
}
