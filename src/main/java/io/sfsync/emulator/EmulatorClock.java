package io.sfsync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The org's clock (millisecond precision, like Salesforce audit fields). Runs with the wall clock plus an offset
 * by default; can be frozen at an instant and advanced in both modes. Thread-safe.
 */
public final class EmulatorClock {

    private boolean frozen;
    private Instant frozenAt;
    private long offsetMillis;

    /** Current time of the org, truncated to milliseconds. */
    public synchronized Instant now() {
        if (frozen) {
            return frozenAt;
        }
        return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
    }

    /** Current time of the org in epoch milliseconds. */
    public long nowMillis() {
        return now().toEpochMilli();
    }

    /** Stops the clock at {@code instant} (truncated to milliseconds). */
    public synchronized EmulatorClock freeze(Instant instant) {
        frozen = true;
        frozenAt = instant.truncatedTo(ChronoUnit.MILLIS);
        return this;
    }

    /** Stops the clock at the current org time. */
    public synchronized EmulatorClock freeze() {
        return freeze(now());
    }

    /** Moves the clock forward (or backward for negative durations); works frozen and running. */
    public synchronized EmulatorClock advance(Duration duration) {
        if (frozen) {
            frozenAt = frozenAt.plusMillis(duration.toMillis());
        } else {
            offsetMillis += duration.toMillis();
        }
        return this;
    }

    /** Lets the clock run again from the frozen instant onwards (time does not jump back to the wall clock). */
    public synchronized EmulatorClock unfreeze() {
        if (frozen) {
            offsetMillis = frozenAt.toEpochMilli() - System.currentTimeMillis();
            frozen = false;
        }
        return this;
    }

    public synchronized boolean isFrozen() {
        return frozen;
    }
}
