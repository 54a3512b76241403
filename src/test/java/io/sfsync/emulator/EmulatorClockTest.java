package io.sfsync.emulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatorClockTest {

    @Test
    void frozen_clock_stands_still_and_truncates_to_millis() {
        EmulatorClock clock = new EmulatorClock().freeze(Instant.parse("2026-11-23T05:26:51.123456Z"));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-11-23T05:26:51.123Z"));
        assertThat(clock.now()).isEqualTo(clock.now());
        assertThat(clock.isFrozen()).isTrue();
    }

    @Test
    void advance_moves_a_frozen_clock_exactly() {
        EmulatorClock clock = new EmulatorClock().freeze(Instant.parse("2026-11-23T05:26:51Z"));
        clock.advance(Duration.ofMinutes(16));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-11-23T05:42:51Z"));
    }

    @Test
    void running_clock_follows_wall_clock_plus_offset() {
        EmulatorClock clock = new EmulatorClock();
        Instant before = Instant.now();
        clock.advance(Duration.ofDays(1));
        Instant now = clock.now();
        assertThat(now).isAfterOrEqualTo(before.plus(Duration.ofDays(1)).minusMillis(1));
        assertThat(now).isBefore(Instant.now().plus(Duration.ofDays(1)).plusSeconds(5));
    }

    @Test
    void unfreeze_continues_from_the_frozen_instant() {
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        EmulatorClock clock = new EmulatorClock().freeze(past).unfreeze();
        assertThat(clock.isFrozen()).isFalse();
        assertThat(clock.now()).isBetween(past, past.plusSeconds(5));
    }
}
