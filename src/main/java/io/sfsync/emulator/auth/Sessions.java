package io.sfsync.emulator.auth;

import io.sfsync.emulator.EmulatorClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of the org and when each was last used, on the emulator clock. Like Salesforce's session timeout,
 * a token expires after {@code timeout} without a call; every accepted call restarts the timer. Expired tokens are
 * answered with 401 {@code INVALID_SESSION_ID} by the REST layer, after which clients log in again.
 */
public final class Sessions {

    private final EmulatorClock clock;
    private final long timeoutMillis;
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();

    public Sessions(EmulatorClock clock, Duration timeout) {
        this.clock = clock;
        this.timeoutMillis = timeout.toMillis();
    }

    public void add(String token) {
        lastUsed.put(token, clock.nowMillis());
    }

    /** True when the token exists and has not timed out; an accepted token's timer restarts. */
    public boolean contains(String token) {
        if (token == null) {
            return false;
        }
        long now = clock.nowMillis();
        Long last = lastUsed.get(token);
        if (last == null) {
            return false;
        }
        if (now - last >= timeoutMillis) {
            lastUsed.remove(token, last);
            return false;
        }
        lastUsed.put(token, Math.max(last, now));
        return true;
    }

    public void remove(String token) {
        lastUsed.remove(token);
    }

    public void clear() {
        lastUsed.clear();
    }

    /** Tokens that have not timed out yet. */
    public int active() {
        long now = clock.nowMillis();
        lastUsed.values().removeIf(last -> now - last >= timeoutMillis);
        return lastUsed.size();
    }
}
