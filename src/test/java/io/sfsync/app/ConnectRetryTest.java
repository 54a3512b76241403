package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectRetryTest {

    @Test
    void the_wait_between_attempts_doubles_up_to_the_cycle_period() {
        Duration period = Duration.ofMinutes(1);
        assertThat(SfsyncApplication.nextWait(Duration.ofSeconds(5), period)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SfsyncApplication.nextWait(Duration.ofSeconds(40), period)).isEqualTo(Duration.ofMinutes(1));
        assertThat(SfsyncApplication.nextWait(Duration.ofMinutes(1), period)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void a_cycle_period_shorter_than_the_first_wait_keeps_five_seconds() {
        assertThat(SfsyncApplication.nextWait(Duration.ofSeconds(5), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
    }
}
