package lmwb.api.users;

import java.util.Objects;

/**
 * A newly issued API token. The token text exists only here: the directory keeps a salted slow hash of it, so
 * it can be shown once and never again.
 *
 * @param user the user the token authenticates
 * @param token the token, {@code lmwb_<token id>_<secret>}; never log it
 */
public record IssuedToken(User user, String token) {
    /** Checks the fields. */
    public IssuedToken {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
    }

    /** @return the record without the token text, so that printing it by accident does not leak the token */
    @Override
    public String toString() {
        return "IssuedToken[user=" + user.name() + ", token=(hidden)]";
    }
}
