package lmwb.users;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** PBKDF2 as the JDK computes it, checked against a published test vector, and the verification it backs. */
class TokenHasherTest {
    /**
     * RFC 7914 section 11 (scrypt's RFC, which lists PBKDF2-HMAC-SHA256 vectors): P="passwd", S="salt", c=1,
     * dkLen=64 → 55 ac 04 6e 56 e3 08 9f ... (the first 32 bytes here).
     */
    @Test
    void derivationMatchesRfc7914() {
        byte[] dk = TokenHasher.derive("passwd", "salt".getBytes(StandardCharsets.US_ASCII), 1);
        assertArrayEquals(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"), dk);
    }

    @Test
    void aHashMatchesItsSecretOnly() {
        TokenHasher hasher = new TokenHasher(new SecureRandom(), TokenHasher.DEFAULT_ITERATIONS);
        TokenHasher.Hash h = hasher.hash("s3cret");
        assertTrue(hasher.matches("s3cret", h));
        assertFalse(hasher.matches("s3cres", h));
        assertFalse(hasher.matches("s3cret", new TokenHasher.Hash("PBKDF2WithHmacSHA1", h.iterations(), h.salt(), h.hash())));
    }

    /**
     * Prints how long one verification takes with the production settings (slow by design: it is what makes a
     * stolen hash expensive to attack). A figure for the README, not a threshold.
     */
    @Test
    void measureVerificationTime() {
        TokenHasher hasher = new TokenHasher(new SecureRandom(), TokenHasher.DEFAULT_ITERATIONS);
        TokenHasher.Hash h = hasher.hash("secret");
        hasher.matches("secret", h); // warm-up
        int n = 5;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertTrue(hasher.matches("secret", h));
        }
        System.out.printf("token verification (PBKDF2-HMAC-SHA256, %d iterations): %.1f ms each (mean of %d)%n",
                TokenHasher.DEFAULT_ITERATIONS, (System.nanoTime() - start) / 1e6 / n, n);
    }
}
