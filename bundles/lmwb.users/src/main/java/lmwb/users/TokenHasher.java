package lmwb.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow hashes of token secrets: PBKDF2 with HMAC-SHA256 from the JDK, {@value #DEFAULT_ITERATIONS}
 * iterations (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256), a 16-byte random salt per token, a 32-byte
 * result, compared in constant time.
 */
final class TokenHasher {
    /** The JDK algorithm name, stored with every hash. */
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** Iterations of new hashes (OWASP Password Storage Cheat Sheet: 600,000 for new systems, 210,000 minimum). */
    static final int DEFAULT_ITERATIONS = 210_000;
    static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random;
    private final int iterations;
    private final AtomicLong verifications = new AtomicLong();

    TokenHasher(SecureRandom random, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, not " + iterations);
        }
        this.random = random;
        this.iterations = iterations;
    }

    /** A stored hash: what the database keeps instead of the secret. */
    record Hash(String algorithm, int iterations, String salt, String hash) {
    }

    int iterations() {
        return iterations;
    }

    Hash hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return new Hash(ALGORITHM, iterations, b64.encodeToString(salt), b64.encodeToString(derive(secret, salt, iterations)));
    }

    /** @return how many slow verifications {@link #matches} has run (what a token cache saves is counted here) */
    long verifications() {
        return verifications.get();
    }

    /** @return whether {@code secret} hashes to {@code stored}; the comparison takes the same time wherever they differ */
    boolean matches(String secret, Hash stored) {
        verifications.incrementAndGet();
        if (!ALGORITHM.equals(stored.algorithm())) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(stored.hash());
        return MessageDigest.isEqual(expected, derive(secret, b64.decode(stored.salt()), stored.iterations()));
    }

    static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM + ": " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }
}
