package lmwb.rest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.charset.StandardCharsets;

/**
 * Sign-in sessions of the web page: a browser trades a user's token once ({@code POST /api/session}) for a random
 * session id in an HttpOnly, SameSite=Strict cookie, so that the token is neither kept by the page nor hashed again
 * on every call (token verification is slow by design). Each session has its own CSRF token, which the page sends
 * in the {@value #CSRF_HEADER} header of every state-changing request.
 *
 * <p>Sessions live in memory: a server restart signs everyone out. The map holds SHA-256 hashes of the ids, so a
 * heap dump does not reveal live cookies.
 */
final class Sessions {
    /** The cookie's name. */
    static final String COOKIE = "lmwb_session";
    /** The header that carries the session's CSRF token on POST, PUT, PATCH and DELETE. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** How long a session lasts after sign-in (the cookie's Max-Age). */
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 10_000;

    /**
     * @param id the cookie's value (only in the answer to sign-in; stored sessions keep its hash)
     * @param user the signed-in user's name
     * @param csrf the session's CSRF token
     * @param expires when the session ends
     */
    record Session(String id, String user, String csrf, Instant expires) {
    }

    private final Map<String, Session> byIdHash = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param user the user who signed in
     * @return a new session (its id goes into the cookie)
     */
    Session open(String user) {
        Instant now = clock.instant();
        if (byIdHash.size() >= MAX_SESSIONS) {
            byIdHash.values().removeIf(s -> !s.expires().isAfter(now));
        }
        Session s = new Session(randomToken(), user, randomToken(), now.plus(LIFETIME));
        byIdHash.put(sha256(s.id()), new Session(null, user, s.csrf(), s.expires()));
        return s;
    }

    /**
     * @param id a cookie value
     * @return its session, unless unknown or expired
     */
    Optional<Session> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String key = sha256(id);
        Session s = byIdHash.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            byIdHash.remove(key);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** @param id a cookie value whose session ends now (sign-out) */
    void close(String id) {
        if (id != null) {
            byIdHash.remove(sha256(id));
        }
    }

    /** @param user a user whose sessions end now (removed user, new token) */
    void closeAll(String user) {
        byIdHash.values().removeIf(s -> s.user().equals(user));
    }

    /**
     * @param session a session
     * @param header the {@value #CSRF_HEADER} header of the request, or {@code null}
     * @return whether the header holds the session's CSRF token (compared in constant time)
     */
    static boolean csrfMatches(Session session, String header) {
        return header != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
                header.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param session a new session
     * @param secure whether the server speaks HTTPS (then the cookie is sent over HTTPS only)
     * @return the Set-Cookie header value
     */
    static String cookie(Session session, boolean secure) {
        return COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /**
     * @param secure whether the server speaks HTTPS
     * @return the Set-Cookie header value that removes the cookie (sign-out)
     */
    static String clearedCookie(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
