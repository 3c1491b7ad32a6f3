package lmwb.api.users;

/** A user name that the directory already holds (a REST front end answers 409). */
public class DuplicateUserException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do, one line */
    public DuplicateUserException(String message) {
        super(message);
    }
}
