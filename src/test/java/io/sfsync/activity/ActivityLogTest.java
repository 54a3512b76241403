package io.sfsync.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The person's activity log on both databases: rows commit with the caller's transaction and go with the person. */
class ActivityLogTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_activity_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void activities_are_kept_per_person_roll_back_with_their_change_and_go_with_the_person(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "2"};
        try (TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv))) {
            t.cycle();
            List<Map<String, Object>> persons = t.rows("SELECT id FROM person ORDER BY id");
            long first = Long.parseLong((String) persons.get(0).get("id"));
            long second = Long.parseLong((String) persons.get(1).get("id"));
            DataSource ds = t.app().dataSource();
            Instant at = Instant.parse("2026-11-30T10:15:30.123Z");
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                ActivityLog.record(c, first, "Added to SFDC Campaign", ActivityLog.Source.SALESFORCE, at,
                        "701000000000001AAA", "Sent");
                try (ActivityLog.Batch b = ActivityLog.batch(c)) {
                    b.add(second, "Open Email", ActivityLog.Source.SALES_APP, at.plusSeconds(1), null, null);
                    b.add(second, "Click Email", ActivityLog.Source.SALES_APP, at.plusSeconds(2), null, "{\"link\":1}");
                    assertThat(b.run()).isEqualTo(2);
                }
                c.commit();
                ActivityLog.record(c, first, "Rolled back", ActivityLog.Source.LOCAL, at, null, null);
                c.rollback();
            }
            assertThat(t.rows("SELECT person_id, activity_type, source, subject_ref, detail FROM person_activity "
                    + "ORDER BY id")).containsExactly(
                    Map.of("person_id", String.valueOf(first), "activity_type", "Added to SFDC Campaign", "source", "salesforce",
                            "subject_ref", "701000000000001AAA", "detail", "Sent"),
                    row(second, "Open Email", null),
                    row(second, "Click Email", "{\"link\":1}"));
            assertThat(t.rows("SELECT occurred_at FROM person_activity WHERE person_id = ?", first).get(0)
                    .get("occurred_at").toString()).contains("10:15:30.123");
            try (Connection c = ds.getConnection()) {
                assertThatThrownBy(() -> ActivityLog.record(c, 999_999, "Open Email", ActivityLog.Source.LOCAL, at,
                        null, null)).isInstanceOf(SQLException.class);
            }
            t.execute("DELETE FROM person WHERE id = ?", second);
            assertThat(t.rows("SELECT person_id FROM person_activity")).containsExactly(Map.of("person_id", String.valueOf(first)));
        }
    }

    private static Map<String, Object> row(long person, String type, String detail) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("person_id", String.valueOf(person));
        m.put("activity_type", type);
        m.put("source", "sales-app");
        m.put("subject_ref", null);
        m.put("detail", detail);
        return m;
    }
}
