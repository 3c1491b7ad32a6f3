package lmwb.users;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The token format {@code lmwb_<token id>_<secret>}: the id is 16 lower-case hex digits (8 random bytes; it finds
 * the stored hash), the secret 43 base64url characters (32 random bytes from {@link SecureRandom}). Both have a
 * fixed length, so the underscores and dashes base64url may put into the secret never make a token ambiguous.
 */
final class Tokens {
    static final String PREFIX = "lmwb_";
    static final int ID_BYTES = 8;
    static final int SECRET_BYTES = 32;
    static final int ID_LENGTH = ID_BYTES * 2;
    static final int SECRET_LENGTH = 43;
    static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;

    private Tokens() {
    }

    /** A token split into its parts. */
    record Parsed(String id, String secret) {
    }

    static Parsed generate(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new Parsed(HexFormat.of().formatHex(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    static String format(Parsed p) {
        return PREFIX + p.id() + "_" + p.secret();
    }

    /** @return the parts of a well-formed token; empty for anything else */
    static Optional<Parsed> parse(String token) {
        if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)
                || token.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        String secret = token.substring(PREFIX.length() + ID_LENGTH + 1);
        if (!id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')
                || !secret.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                        || c == '-' || c == '_')) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(id, secret));
    }
}
