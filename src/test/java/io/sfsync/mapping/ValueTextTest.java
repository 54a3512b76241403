package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ValueTextTest {

    @Test
    void text_numbers_and_booleans_compare_by_value_as_either_database_writes_them() {
        assertThat(ValueText.same("Oslo", "Oslo")).isTrue();
        assertThat(ValueText.same("Oslo", "oslo")).isFalse();
        assertThat(ValueText.same("12.50", new BigDecimal("12.5"))).isTrue();
        assertThat(ValueText.same("12.50", new BigDecimal("12.6"))).isFalse();
        assertThat(ValueText.same("42", 42)).isTrue();
        assertThat(ValueText.same("TRUE", true)).isTrue();
        assertThat(ValueText.same("true", true)).isTrue();
        assertThat(ValueText.same("FALSE", true)).isFalse();
        assertThat(ValueText.same("false", false)).isTrue();
    }

    @Test
    void null_is_only_the_same_as_null() {
        assertThat(ValueText.same(null, null)).isTrue();
        assertThat(ValueText.same(null, "")).isFalse();
        assertThat(ValueText.same("", null)).isFalse();
    }

    @Test
    void dates_and_timestamps_compare_by_meaning_in_hsqldb_and_postgresql_text() {
        assertThat(ValueText.same("2026-11-30", LocalDate.of(2026, 11, 30))).isTrue();
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 30, 15, 0, 0, 0, ZoneOffset.UTC);
        assertThat(ValueText.same("2026-11-30 15:00:00.000+0:00", t)).isTrue();
        assertThat(ValueText.same("2026-11-30 16:00:00+01", t)).isTrue();
        assertThat(ValueText.same("2026-11-30 15:00:00.5+00", t)).isFalse();
        assertThat(ValueText.same("not a time", t)).isFalse();
    }
}
