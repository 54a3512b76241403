package io.sfsync.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The gate of a clean-up that runs at the end of a cycle (every few minutes) but is needed once a day: it is due at
 * first, then a day or more after it was last done (a clean-up that failed is due again at the next cycle).
 */
public final class OnceADay {

    private static final Duration EVERY = Duration.ofDays(1);

    private final Clock clock;
    private Instant last;

    public OnceADay(Clock clock) {
        this.clock = clock;
    }

    /** Now, when the clean-up is due, else null. */
    public synchronized Instant due() {
        Instant now = clock.instant();
        return last != null && now.isBefore(last.plus(EVERY)) ? null : now;
    }

    /** The clean-up that was due at {@code at} is done. */
    public synchronized void done(Instant at) {
        last = at;
    }
}
