package lmwb.api.users;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user of the shared runtime.
 *
 * @param name the user name (also the SSH login name): 1-32 characters, lower-case letters, digits, {@code -}
 *     and {@code _}, starting with a letter
 * @param role what the user may do
 * @param created when the user was added
 * @param sshKeys the user's OpenSSH public keys, one {@code TYPE BASE64 [COMMENT]} line each, in the order added
 */
public record User(String name, Role role, Instant created, List<String> sshKeys) {
    /** Checks the fields and copies the key list. */
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        sshKeys = List.copyOf(sshKeys);
    }
}
