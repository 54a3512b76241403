package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.PostgresSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** COPY's text format on PostgreSQL: every value arrives as binding it would store it, the escaped characters included. */
class CopyRowsTest {

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema("sfsync_copy_");

    @Test
    void copied_values_read_back_exactly() throws Exception {
        String text = "Back\\slash\ttab\nnew line\r\\N, Ünïcødé 🚀 'quote' \"dq\"";
        List<Object[]> rows = List.of(
                new Object[] {text, new BigDecimal("1234.50"), true, LocalDate.of(2026, 2, 28),
                        OffsetDateTime.parse("2026-11-30T15:00:01.123+02:00"), 42},
                new Object[] {"\\N", null, false, null, null, null},
                new Object[] {null, new BigDecimal("-0.01"), null, LocalDate.of(1999, 12, 31),
                        OffsetDateTime.parse("2026-01-01T00:00Z"), -7});
        try (Connection c = DriverManager.getConnection(PostgresSchema.SERVER + "?currentSchema=" + schema.name(),
                PostgresSchema.USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (n SERIAL, a VARCHAR(200), b NUMERIC(18, 2), c BOOLEAN, d DATE, e TIMESTAMP(3) WITH TIME ZONE, f INTEGER)");
            }
            assertThat(CopyRows.copies(List.of(Types.VARCHAR, Types.NUMERIC, Types.BOOLEAN, Types.DATE,
                    Types.TIMESTAMP_WITH_TIMEZONE, Types.INTEGER))).isTrue();
            assertThat(CopyRows.copy(c, CopyRows.sql("t", List.of("a", "b", "c", "d", "e", "f")), rows)).isEqualTo(3);
            List<Object[]> back = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT a, b, c, d, e, f FROM t ORDER BY n")) {
                while (rs.next()) {
                    back.add(new Object[] {rs.getString(1), rs.getBigDecimal(2), rs.getObject(3),
                            rs.getObject(4, LocalDate.class), rs.getObject(5, OffsetDateTime.class), rs.getObject(6)});
                }
            }
            assertThat(back).hasSize(3);
            for (int i = 0; i < 3; i++) {
                Object[] want = rows.get(i);
                Object[] got = back.get(i);
                assertThat(got[0]).isEqualTo(want[0]);
                assertThat(got[1] == null ? null : ((BigDecimal) got[1]).compareTo((BigDecimal) want[1])).isIn(null, 0);
                assertThat(got[1] == null).isEqualTo(want[1] == null);
                assertThat(got[2]).isEqualTo(want[2]);
                assertThat(got[3]).isEqualTo(want[3]);
                assertThat(got[4] == null ? null : ((OffsetDateTime) got[4]).toInstant())
                        .isEqualTo(want[4] == null ? null : ((OffsetDateTime) want[4]).toInstant());
                assertThat(got[5]).isEqualTo(want[5]);
            }
        }
    }

    @Test
    void numbers_are_written_without_an_exponent() {
        for (String[] c : new String[][] {{"1234.50", "1234.50"}, {"-0.01", "-0.01"}, {"42", "42"},
                {"1E+3", "1000"}, {"0.00000001", "0.00000001"}, {"-1.5E-9", "-0.0000000015"}}) {
            StringBuilder out = new StringBuilder();
            CopyRows.append(out, new BigDecimal(c[0]));
            assertThat(out).as(c[0]).hasToString(c[1]);
        }
    }

    @Test
    void timestamps_without_time_zone_are_not_copied() {
        assertThat(CopyRows.copies(List.of(Types.VARCHAR, Types.TIMESTAMP))).isFalse();
        assertThat(CopyRows.copies(List.of(Types.VARCHAR, Types.BINARY))).isFalse();
    }
}
