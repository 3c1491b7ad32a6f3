package lmwb.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed authentications per key (a source, a user) and blocks a key for {@code block} once it has
 * {@code maxFailures} failures within {@code window}. Kept in memory: a restart forgets it.
 */
final class FailureLimiter {
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration block;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();

    FailureLimiter(Clock clock, int maxFailures, Duration window, Duration block) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.block = block;
    }

    /** @return how much longer {@code key} is blocked; zero when it is not */
    synchronized Duration blockedFor(String key) {
        Instant until = blockedUntil.get(key);
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            blockedUntil.remove(key);
            return Duration.ZERO;
        }
        return Duration.between(now, until);
    }

    /**
     * Records a failure.
     *
     * @return the number of failures of {@code key} within the window, this one included
     */
    synchronized int fail(String key) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.removeFirst();
        }
        int count = times.size();
        if (count >= maxFailures) {
            blockedUntil.put(key, now.plus(block));
            times.clear();
        }
        return count;
    }
}
