package lmwb.api.users;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The users of the shared runtime and their API tokens, kept in the runtime's database.
 *
 * <p>A token is {@code lmwb_<token id>_<secret>}: the directory stores only the token id and a salted, slow hash
 * of the secret, so a token is shown once, when it is issued, and cannot be recovered. A user has one valid token
 * at a time. Verifying a token is slow by design (a password hash); front ends should authenticate once per
 * request or session, not per item. A directory may remember the tokens it verified (never the token itself), so that
 * a client presenting its token again costs a database read rather than a hash; a revoked token or a removed user is
 * still refused on the next call.
 *
 * <p>Failed authentications are counted per source and per user; after too many in a short time the source (or
 * user) is refused for a while, even with a right token, and {@link #blockedFor(String)} says how long. Tokens
 * never appear in the directory's logs or messages.
 *
 * <p>A user may also set a password ({@link #setPassword}), kept as the same kind of salted slow hash, and sign in
 * with name and password ({@link #authenticatePassword}) where a person types rather than pastes.
 *
 * <p>Bad input is an {@link IllegalArgumentException} whose message says what is wrong and what to do; database
 * failures are {@link IllegalStateException}s with a one-line message.
 */
@org.osgi.annotation.versioning.ProviderType
public interface UserDirectory {
    /** The longest user name. */
    int MAX_NAME_LENGTH = 32;
    /** The shortest password {@link #setPassword} takes. */
    int MIN_PASSWORD_LENGTH = 10;
    /** The longest password {@link #setPassword} takes. */
    int MAX_PASSWORD_LENGTH = 200;

    /**
     * Adds a user and issues its first token.
     *
     * @param name the new user's name (see {@link User#name()} for what is allowed)
     * @param role what the user may do
     * @param sshKeys OpenSSH public key lines ({@code ssh-ed25519 AAAA... comment}); may be empty
     * @return the user and its token, which is shown only this once
     * @throws IllegalArgumentException for a bad name or a line that is not an OpenSSH public key
     * @throws DuplicateUserException when a user of that name exists
     */
    IssuedToken add(String name, Role role, List<String> sshKeys);

    /** @return every user, by name */
    List<User> list();

    /**
     * @param name a user name
     * @return the user, with its SSH keys, if present
     */
    Optional<User> find(String name);

    /**
     * Removes a user with its tokens and SSH keys; the jobs and results it made keep its name.
     *
     * @param name the user's name
     * @throws UnknownUserException when there is no such user (the message lists the users)
     */
    void remove(String name);

    /**
     * Issues a new token for a user and revokes every earlier one, in one transaction.
     *
     * @param name the user's name
     * @return the user and its new token, which is shown only this once
     * @throws UnknownUserException when there is no such user
     */
    IssuedToken newToken(String name);

    /**
     * Checks a token.
     *
     * @param token the token as the client sent it
     * @param source where the attempt comes from, for rate limiting and the log (a remote address, {@code ssh},
     *     {@code local}); never the token
     * @return the token's user; empty for a malformed, unknown, revoked or wrong token, and for any attempt while
     *     the source or the user is blocked after too many failures
     */
    Optional<User> authenticate(String token, String source);

    /**
     * Sets (or replaces) the password a user signs in with beside its token; the directory keeps only a salted slow
     * hash of it, as of tokens. The token stays valid.
     *
     * @param name the user's name
     * @param password the new password: {@value #MIN_PASSWORD_LENGTH} to {@value #MAX_PASSWORD_LENGTH} characters,
     *     not starting with {@code lmwb_} (the token prefix, so that a sign-in field can tell the two apart)
     * @throws IllegalArgumentException for a password that is too short, too long or looks like a token
     * @throws UnknownUserException when there is no such user
     * @throws UnsupportedOperationException when this directory keeps no passwords
     */
    default void setPassword(String name, String password) {
        throw new UnsupportedOperationException("this user directory keeps no passwords; sign in with a token");
    }

    /**
     * Checks a user's password, counted and blocked like {@link #authenticate(String, String)}.
     *
     * @param name the user's name as the client sent it
     * @param password the password as the client sent it
     * @param source where the attempt comes from (never the password)
     * @return the user; empty for an unknown user, a user without a password, a wrong password, and any attempt
     *     while the source or the user is blocked
     */
    default Optional<User> authenticatePassword(String name, String password, String source) {
        return Optional.empty();
    }

    /**
     * @param source a source as passed to {@link #authenticate(String, String)}
     * @return how much longer attempts from that source are refused; {@link Duration#ZERO} when they are not
     */
    Duration blockedFor(String source);

    /**
     * @param name a user name
     * @return the user's OpenSSH public key lines (for an SSH server's public-key authentication); empty for an
     *     unknown user
     */
    List<String> sshKeys(String name);
}
