package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeDetectionTest {

    private final ChangeDetection person = new ChangeDetection(List.of("last_name", "score", "last_activity", "grade"),
            Set.of("grade"), "Lead", "person_type", "sf_deleted_at");

    private static Map<String, Object> row(Object lastName, Object score, Object lastActivity, Object grade) {
        Map<String, Object> m = new HashMap<>();
        m.put("last_name", lastName);
        m.put("score", score);
        m.put("last_activity", lastActivity);
        m.put("grade", grade);
        m.put("person_type", "Lead");
        return m;
    }

    @Test
    void a_record_equal_to_its_row_is_unchanged_even_when_numbers_and_times_are_written_differently() {
        Map<String, Object> stored = row("Ng", new BigDecimal("10.00"), OffsetDateTime.parse("2026-03-04T12:00:00Z"), "A");
        Map<String, Object> incoming = row("Ng", 10, OffsetDateTime.parse("2026-03-04T13:00:00+01:00"), "A");

        assertThat(person.changed(stored, incoming)).isFalse();
    }

    @Test
    void a_different_mapped_value_or_a_value_that_became_empty_is_a_change() {
        Map<String, Object> stored = row("Ng", 10, null, "A");

        assertThat(person.changed(stored, row("Nguyen", 10, null, "A"))).isTrue();
        assertThat(person.changed(stored, row("Ng", 11, null, "A"))).isTrue();
        assertThat(person.changed(stored, row(null, 10, null, "A"))).isTrue();
        assertThat(person.changed(row("Ng", null, null, "A"), row("Ng", 0, null, "A"))).isTrue();
    }

    @Test
    void a_formula_field_changing_alone_is_not_a_change() {
        assertThat(person.changed(row("Ng", 10, null, "A"), row("Ng", 10, null, "B"))).isFalse();
    }

    @Test
    void a_tombstoned_row_of_the_records_own_type_is_revived_and_one_of_another_type_is_not() {
        Map<String, Object> tombstoned = row("Ng", 10, null, "A");
        tombstoned.put("sf_deleted_at", OffsetDateTime.parse("2026-03-01T00:00:00Z"));
        assertThat(person.changed(tombstoned, row("Ng", 10, null, "A"))).isTrue();

        tombstoned.put("person_type", "Contact");
        assertThat(person.changed(tombstoned, row("Ng", 10, null, "A"))).isFalse();

        ChangeDetection noTombstones = new ChangeDetection(List.of("last_name"), Set.of(), "Lead", null, null);
        assertThat(noTombstones.changed(tombstoned, row("Ng", 10, null, "A"))).isFalse();
    }
}
