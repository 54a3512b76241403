package io.sfsync.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CyclePeriodTest {

    private static final Date NOON = Date.from(Instant.parse("2026-03-04T12:00:30Z"));

    @Test
    void the_period_is_the_gap_between_the_next_two_cycles() {
        assertThat(CyclePeriod.of("0 0/5 * * * ?", NOON)).isEqualTo(Duration.ofMinutes(5));
        assertThat(CyclePeriod.of("0/20 * * * * ?", NOON)).isEqualTo(Duration.ofSeconds(20));
        assertThat(CyclePeriod.of("0 0 3 * * ?", NOON)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void a_cron_without_seconds_names_the_key_the_value_and_an_example() {
        assertThatThrownBy(() -> CyclePeriod.of("0/5 * * * *", NOON))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sfsync.cycle.cron' is '0/5 * * * *'")
                .hasMessageContaining("e.g. '0 0/5 * * * ?'");
    }

    @Test
    void a_cron_that_never_fires_again_is_refused() {
        assertThatThrownBy(() -> CyclePeriod.of("0 0 0 1 1 ? 2001", NOON))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schedules no more cycles");
    }
}
