package io.sfsync.testing;

import io.sfsync.emulator.EmulatorClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads the emulator's: when a test moves the org's time days ahead, sfsync's
 * time moves with it, as if both had lived through those days.
 */
public final class OrgClock extends Clock {

    private final EmulatorClock org;

    public OrgClock(EmulatorClock org) {
        this.org = org;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return org.now();
    }
}
