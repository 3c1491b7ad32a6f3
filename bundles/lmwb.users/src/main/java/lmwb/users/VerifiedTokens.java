package lmwb.users;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lmwb.api.users.User;

/**
 * The tokens this process verified lately, so that a client calling every second costs one slow hash per
 * {@link Settings#maxAge()} instead of one per call (50 members polling with 50 tokens made the server hash five
 * tokens a second when it remembered them for 10 s).
 *
 * <p>An entry is keyed by HMAC-SHA256 of the presented token under a random key made when this object is (it never
 * leaves the process's memory): the token itself is not kept, and the key cannot be recomputed from a heap dump
 * without the HMAC key. An entry holds the token id and the user the token verified to, and is dropped when it is
 * older than {@link Settings#maxAge()} (counted from its verification, however often it is used), when the least
 * recently used of more than {@link Settings#maxSize()} entries, and when its user is removed or gets a new token.
 * Only successful verifications are put here; whether an entry still holds (revoked? removed? another role?) is the
 * directory's check on each use.
 */
final class VerifiedTokens {
    /** The PID of the settings ({@code lmwb.users.cfg}). */
    static final String PID = "lmwb.users";
    /** The key of the entries' age. */
    static final String MAX_AGE_KEY = "token_cache_minutes";
    /** The key of the number of entries. */
    static final String MAX_SIZE_KEY = "token_cache_size";

    /**
     * How long and how many verified tokens are remembered.
     *
     * @param maxAge how long after its slow verification a token is taken on a database read alone; zero: never
     * @param maxSize how many tokens are remembered at most
     */
    record Settings(Duration maxAge, int maxSize) {
        /** The default {@value #MAX_AGE_KEY}: 10 minutes. */
        static final Duration DEFAULT_AGE = Duration.ofMinutes(10);
        /** The default {@value #MAX_SIZE_KEY}. */
        static final int DEFAULT_SIZE = 10_000;
        private static final int MAX_MINUTES = 1440;
        private static final int MAX_ENTRIES = 1_000_000;

        /**
         * @param config the component's configuration ({@code lmwb.users.cfg}); other keys are the framework's
         * @return the settings, defaults for the keys not given
         * @throws IllegalArgumentException naming the key, what it may be and what it got
         */
        static Settings validated(Map<String, ?> config) {
            long minutes = number(config, MAX_AGE_KEY, DEFAULT_AGE.toMinutes(), MAX_MINUTES, 0, "of minutes ");
            long size = number(config, MAX_SIZE_KEY, DEFAULT_SIZE, MAX_ENTRIES, 1, "");
            return new Settings(Duration.ofMinutes(minutes), (int) size);
        }

        private static long number(Map<String, ?> config, String key, long dflt, long max, long min, String unit) {
            Object v = config.get(key);
            if (v == null || String.valueOf(v).isBlank()) {
                return dflt;
            }
            long n;
            try {
                n = v instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(v).strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(PID + ": key '" + key + "' must be a whole number " + unit
                        + "from " + min + " to " + max + ", got '" + v + "'");
            }
            return n;
        }
    }

    /**
     * What a slow verification established.
     *
     * @param tokenId the token's id (the database row to check on each use)
     * @param user the user the token verified to
     * @param verified when
     */
    record Entry(String tokenId, User user, Instant verified) {
    }

    private final Clock clock;
    private final Mac hmac;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private Settings settings;

    VerifiedTokens(Clock clock, SecureRandom random, Settings settings) {
        this.clock = clock;
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256: " + e.getMessage(), e);
        }
        this.settings = settings;
    }

    /** @param settings new limits; entries beyond them go at once */
    synchronized void configure(Settings settings) {
        this.settings = settings;
        trim();
    }

    /**
     * @param token a presented token
     * @return the key its entry has: HMAC-SHA256 of the token under this process's random key, in hex
     */
    String key(String token) {
        byte[] mac;
        synchronized (hmac) {
            mac = hmac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(mac);
    }

    /**
     * @param key a key from {@link #key}
     * @return the entry, unless there is none or it is too old (then it is dropped)
     */
    synchronized Optional<Entry> get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (expired(e)) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    /** Remembers a successful verification (nothing when the age is zero). */
    synchronized void put(String key, Entry entry) {
        if (settings.maxAge().isZero()) {
            return;
        }
        entries.put(key, entry);
        trim();
    }

    /** @param key an entry that no longer holds */
    synchronized void remove(String key) {
        entries.remove(key);
    }

    /** @param user a user removed or given a new token: its entries go */
    synchronized void forget(String user) {
        entries.values().removeIf(e -> e.user().name().equals(user));
    }

    /** @return the number of entries (expired ones included until they are next looked up or trimmed) */
    synchronized int size() {
        return entries.size();
    }

    private boolean expired(Entry e) {
        return !e.verified().plus(settings.maxAge()).isAfter(clock.instant());
    }

    private void trim() {
        entries.values().removeIf(this::expired);
        var it = entries.entrySet().iterator();
        while (entries.size() > settings.maxSize() && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
