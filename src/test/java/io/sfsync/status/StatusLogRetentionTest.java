package io.sfsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Five days of history by default (L5): at the end of a cycle, once a day, steps, closed dead letters and conflicts
 * older than sfsync.status.retention-days are deleted; New dead letters and running steps stay whatever their age.
 * The clock is moved by writing rows with old times. On HSQLDB and on PostgreSQL.
 */
class StatusLogRetentionTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_statusretention_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void old_steps_and_closed_dead_letters_go_and_open_ones_stay(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "2",
            "sfsync.salesforce.emulator.seed-contacts", "0"};
        try (TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv))) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            step(t, "old", "Completed", now.minusDays(6));
            step(t, "old-failed", "Failed", now.minusDays(5).minusMinutes(5));
            step(t, "kept", "Completed", now.minusDays(5).plusMinutes(5));
            step(t, "still-running", "In Progress", now.minusDays(9));
            letter(t, "old-replayed", "Replayed", now.minusDays(20), now.minusDays(6));
            letter(t, "old-discarded", "Discarded", now.minusDays(20), now.minusDays(5).minusMinutes(1));
            letter(t, "recently-discarded", "Discarded", now.minusDays(20), now.minusDays(4));
            letter(t, "old-but-new", "New", now.minusDays(30), null);
            conflict(t, "00Q000000000OLD", now.minusDays(6));
            conflict(t, "00Q000000000NEW", now.minusDays(1));

            t.cycle();

            assertThat(t.rows("SELECT cycle_id FROM sync_step WHERE cycle_id IN ('old', 'old-failed', 'kept', "
                    + "'still-running') ORDER BY cycle_id")).extracting(r -> r.get("cycle_id"))
                    .containsExactly("kept", "still-running");
            assertThat(t.count("SELECT COUNT(*) FROM sync_step WHERE cycle_id NOT IN ('kept', 'still-running')"))
                    .as("the cycle's own steps").isPositive();
            assertThat(t.rows("SELECT cycle_id FROM dead_letter ORDER BY cycle_id")).extracting(r -> r.get("cycle_id"))
                    .containsExactly("old-but-new", "recently-discarded");
            assertThat(t.rows("SELECT record_id FROM sync_conflict")).extracting(r -> r.get("record_id"))
                    .containsExactly("00Q000000000NEW");

            // once a day: the next cycle, minutes later, leaves an old step for tomorrow
            step(t, "old-again", "Completed", now.minusDays(7));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM sync_step WHERE cycle_id = 'old-again'")).isEqualTo(1);
        }
    }

    private static void step(TestApp t, String cycleId, String status, OffsetDateTime startedAt) throws Exception {
        t.execute("INSERT INTO sync_step (cycle_id, object_name, operation, status, started_at, finished_at) "
                + "VALUES (?, 'Lead', 'Pull Updates', ?, ?, ?)", cycleId, status, startedAt,
                status.equals("In Progress") ? null : startedAt.plusMinutes(1));
    }

    private static void letter(TestApp t, String cycleId, String status, OffsetDateTime createdAt,
                               OffsetDateTime resolvedAt) throws Exception {
        t.execute("INSERT INTO dead_letter (created_at, cycle_id, object_name, operation, record_id, error_code, "
                + "error_message, payload, status, resolved_at) VALUES (?, ?, 'Task', 'Pull Updates', '00T000000000001', "
                + "'X', 'x', '{}', ?, ?)", createdAt, cycleId, status, resolvedAt);
    }

    private static void conflict(TestApp t, String recordId, OffsetDateTime at) throws Exception {
        t.execute("INSERT INTO sync_conflict (created_at, object_name, record_id, table_name, row_id, field_name, "
                + "column_name, policy, winner) VALUES (?, 'Lead', ?, 'person', 1, 'Title', 'title', 'salesforce-wins', "
                + "'salesforce')", at, recordId);
    }
}
