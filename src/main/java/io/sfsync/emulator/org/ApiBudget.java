package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorClock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The daily API request budget ({@code DailyApiRequests}). Every counted REST call uses one request; once more
 * than {@link #limit()} are used the REST layer answers 403 {@code REQUEST_LIMIT_EXCEEDED}.
 *
 * <p>Reset rule: the count goes back to 0 when the emulator clock enters a new UTC calendar day (00:00 UTC),
 * checked on each call. Salesforce uses a rolling 24-hour window instead; a calendar day makes tests that move
 * the clock predictable.</p>
 */
public final class ApiBudget {

    private final EmulatorClock clock;
    private long limit;
    private long used;
    private LocalDate day;

    public ApiBudget(EmulatorClock clock, long limit) {
        this.clock = clock;
        this.limit = limit;
        this.day = today();
    }

    private LocalDate today() {
        return clock.now().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private void rollOver() {
        LocalDate now = today();
        if (!now.equals(day)) {
            day = now;
            used = 0;
        }
    }

    /** Counts one request and returns the requests used today, this one included. */
    public synchronized long count() {
        rollOver();
        return ++used;
    }

    public synchronized long used() {
        rollOver();
        return used;
    }

    public synchronized long limit() {
        return limit;
    }

    /** Sets the daily limit (> 0) and/or the requests used so far today (>= 0); null leaves a value as it is. */
    public synchronized void set(Long newLimit, Long newUsed) {
        if (newLimit != null && newLimit <= 0) {
            throw new IllegalArgumentException("daily must be > 0");
        }
        if (newUsed != null && newUsed < 0) {
            throw new IllegalArgumentException("used must be >= 0");
        }
        rollOver();
        if (newLimit != null) {
            limit = newLimit;
        }
        if (newUsed != null) {
            used = newUsed;
        }
    }
}
