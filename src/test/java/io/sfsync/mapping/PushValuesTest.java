package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushValuesTest {

    private static FieldMapping field(Map<String, String> pushValues) {
        return new FieldMapping("State", "state", Direction.BOTH, pushValues, Map.of(), 3);
    }

    @Test
    void a_listed_value_is_normalised_and_other_text_is_sent_as_it_is() throws Exception {
        FieldMapping state = field(Map.of("CA", "California", "NY", "New York"));
        assertThat(PushValues.toSalesforce(state, "CA")).isEqualTo("California");
        assertThat(PushValues.toSalesforce(state, "Oregon")).isEqualTo("Oregon");
        assertThat(PushValues.toSalesforce(state, null)).isNull();
        assertThat(PushValues.toSalesforce(field(null), "CA")).isEqualTo("CA");
    }

    @Test
    void numbers_booleans_dates_and_timestamps_take_their_salesforce_form() throws Exception {
        FieldMapping f = field(null);
        assertThat(PushValues.toSalesforce(f, new BigDecimal("1200.00"))).isEqualTo(BigInteger.valueOf(1200));
        assertThat(PushValues.toSalesforce(f, new BigDecimal("12.50"))).isEqualTo(new BigDecimal("12.5"));
        assertThat(PushValues.toSalesforce(f, 42)).isEqualTo(42);
        assertThat(PushValues.toSalesforce(f, true)).isEqualTo(true);
        assertThat(PushValues.toSalesforce(f, LocalDate.of(2026, 11, 30))).isEqualTo("2026-11-30");
        assertThat(PushValues.toSalesforce(f, java.sql.Date.valueOf("2026-11-30"))).isEqualTo("2026-11-30");
        assertThat(PushValues.toSalesforce(f, OffsetDateTime.of(2026, 11, 30, 16, 5, 0, 0, ZoneOffset.ofHours(1))))
                .isEqualTo("2026-11-30T15:05:00.000Z");
    }

    @Test
    void a_value_with_no_salesforce_form_is_refused_with_the_column_and_field() {
        assertThatThrownBy(() -> PushValues.toSalesforce(field(null), new byte[] {1, 2}))
                .isInstanceOf(PushValues.Unmappable.class)
                .hasMessageContaining("column state").hasMessageContaining("field State");
    }
}
