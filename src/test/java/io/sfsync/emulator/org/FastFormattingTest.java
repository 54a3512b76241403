package io.sfsync.emulator.org;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-rolled datetime writer of the query hot path matches the java.time formatter. */
class FastFormattingTest {

    @Test
    void format_date_time_matches_the_salesforce_formatter_for_any_millisecond() {
        Random random = new Random(42);
        long[] samples = new long[2000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) (random.nextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L;
        }
        samples[0] = 0;
        samples[1] = -1;
        samples[2] = Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli();
        for (long ms : samples) {
            assertThat(Values.formatDateTime(ms)).as("%d", ms).isEqualTo(Values.SF_DATETIME.format(Instant.ofEpochMilli(ms)));
        }
        assertThat(Values.formatDateTime(Instant.parse("2026-11-23T05:26:51.007Z").toEpochMilli()))
                .isEqualTo("2026-11-23T05:26:51.007+0000");
    }
}
