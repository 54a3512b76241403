package io.sfsync.push;

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
 * The change log does not grow for ever: a cycle deletes entries closed before sfsync.push.change-log-retention-days,
 * at most once a day, and never an open one. On HSQLDB and on PostgreSQL.
 */
class ChangeLogRetentionTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_retention_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void closed_entries_older_than_the_retention_go_and_open_ones_stay(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "2",
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.push.change-log-retention-days", "30"};
        try (TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv))) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            entry(t, 1, "Pushed", now.minusDays(40));
            entry(t, 2, "Failed", now.minusDays(31));
            entry(t, 3, "Superseded", now.minusDays(40));
            entry(t, 4, "Pushed", now.minusDays(29));
            entry(t, 5, "Open", null);

            t.cycle();

            assertThat(t.rows("SELECT row_id FROM sync_change WHERE row_id < 100 ORDER BY row_id"))
                    .extracting(r -> r.get("row_id")).containsExactly("4", "5");

            // once a day: the next cycle, minutes later, leaves an old entry for tomorrow
            entry(t, 6, "Pushed", now.minusDays(40));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE row_id = 6")).isEqualTo(1);
        }
    }

    /** An entry of a table this test does not sync, so that no push step touches it. */
    private static void entry(TestApp t, long rowId, String status, OffsetDateTime closedAt) throws Exception {
        t.execute("INSERT INTO sync_change (table_name, row_id, change_type, changed_columns, changed_at, status, "
                + "closed_at) VALUES ('task', ?, 'U', ',subject,', ?, ?, ?)", rowId,
                closedAt == null ? OffsetDateTime.now(ZoneOffset.UTC).minusDays(60) : closedAt.minusMinutes(1), status,
                closedAt);
    }
}
