package io.sfsync.store.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.salesforce.Watermark;
import io.sfsync.store.BulkJobStore;
import io.sfsync.store.Database;
import io.sfsync.store.LinkUpdater;
import io.sfsync.store.OperationWatermarkStore;
import io.sfsync.store.WatermarkStore;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upserts on both real databases, in the schema the product's migrations make: the first call inserts the row,
 * the second updates that same row, for the generic statement and for each store that saves its position this way.
 */
class UpsertDatabaseTest {

    private static final OffsetDateTime T1 = OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 123_000_000, ZoneOffset.UTC);
    private static final OffsetDateTime T2 = OffsetDateTime.of(2026, 3, 2, 11, 30, 0, 456_000_000, ZoneOffset.ofHours(2));

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_upsert_");

    @TempDir
    Path data;

    @Test
    void on_hsqldb_an_upsert_inserts_then_updates_one_row() throws Exception {
        insertsThenUpdates(TestApp.config(data), "hsqldb");
    }

    @Test
    void on_postgresql_an_upsert_inserts_then_updates_one_row() throws Exception {
        insertsThenUpdates(postgres.appConfig(data), "postgresql");
    }

    @Test
    void on_hsqldb_the_stores_save_a_first_position_then_move_it() throws Exception {
        storesInsertThenUpdate(TestApp.config(data));
    }

    @Test
    void on_postgresql_the_stores_save_a_first_position_then_move_it() throws Exception {
        storesInsertThenUpdate(postgres.appConfig(data));
    }

    private static void insertsThenUpdates(Properties config, String vendor) throws Exception {
        try (Database db = Database.open(new SfsyncSettings(config)); Connection c = db.dataSource().getConnection()) {
            SqlDialect dialect = SqlDialect.of(c);
            assertThat(dialect.vendor()).isEqualTo(vendor);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE upsert_probe (k1 VARCHAR(20) NOT NULL, k2 INTEGER NOT NULL, label VARCHAR(40),"
                        + " seen_at TIMESTAMP(3) WITH TIME ZONE, touched INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (k1, k2))");
            }
            UpsertStatement upsert = dialect.upsert(new Upsert("upsert_probe", List.of("k1", "k2"), List.of("label", "seen_at"),
                    Map.of("touched", "1")));

            assertThat(upsert.execute(c, "a", 1, "first", null)).isEqualTo(1);
            assertThat(upsert.execute(c, "a", 2, "other key", T1)).isEqualTo(1);
            assertThat(rows(c, "SELECT k1, k2, label, seen_at, touched FROM upsert_probe ORDER BY k2"))
                    .containsExactly(List.of("a", 1, "first", "null", 0), List.of("a", 2, "other key", T1.toInstant().toString(), 0));

            assertThat(upsert.execute(c, "a", 1, "second", T2)).isEqualTo(1);
            assertThat(upsert.execute(c, "a", 2, null, null)).isEqualTo(1);
            assertThat(rows(c, "SELECT k1, k2, label, seen_at, touched FROM upsert_probe ORDER BY k2"))
                    .containsExactly(List.of("a", 1, "second", T2.toInstant().toString(), 1), List.of("a", 2, "null", "null", 1));
        }
    }

    private static void storesInsertThenUpdate(Properties config) throws Exception {
        try (Database db = Database.open(new SfsyncSettings(config)); Connection c = db.dataSource().getConnection()) {
            WatermarkStore.save(c, "Lead", new Watermark(T1, "00Q000000000001AAA"));
            WatermarkStore.save(c, "Lead", new Watermark(T2, "00Q000000000002AAA"));
            WatermarkStore.save(c, "Contact", new Watermark(T1, "003000000000001AAA"));
            assertSame(WatermarkStore.read(c, "Lead"), T2, "00Q000000000002AAA");
            assertThat(count(c, "sync_watermark")).isEqualTo(2);

            OperationWatermarkStore.save(c, "Lead", "Pull Deletes", new Watermark(T1, null));
            OperationWatermarkStore.save(c, "Lead", "Pull Conversions", new Watermark(T1, "00Q000000000001AAA"));
            OperationWatermarkStore.save(c, "Lead", "Pull Deletes", new Watermark(T2, "00Q000000000002AAA"));
            assertSame(OperationWatermarkStore.read(c, "Lead", "Pull Deletes"), T2, "00Q000000000002AAA");
            assertSame(OperationWatermarkStore.read(c, "Lead", "Pull Conversions"), T1, "00Q000000000001AAA");
            assertThat(count(c, "sync_operation_watermark")).isEqualTo(2);

            BulkJobStore.save(c, "Lead", "750000000000001AAA", null, null);
            BulkJobStore.Position first = BulkJobStore.read(c, "Lead");
            assertThat(first.nextLocator()).isNull();
            assertThat(first.max()).isNull();
            BulkJobStore.save(c, "Lead", "750000000000001AAA", "MTAwMDA", new Watermark(T2, "00Q000000000002AAA"));
            BulkJobStore.Position second = BulkJobStore.read(c, "Lead");
            assertThat(second.jobId()).isEqualTo("750000000000001AAA");
            assertThat(second.nextLocator()).isEqualTo("MTAwMDA");
            assertSame(second.max(), T2, "00Q000000000002AAA");
            assertThat(second.startedAt()).as("the job's start stays").isEqualTo(first.startedAt());
            assertThat(count(c, "sync_bulk_job")).isEqualTo(1);

            LinkUpdater.writeMarker(c, "update-fks:task.person_id", T1);
            LinkUpdater.writeMarker(c, "update-fks:task.person_id", T2);
            assertThat(LinkUpdater.readMarker(c, "update-fks:task.person_id").toInstant()).isEqualTo(T2.toInstant());
            assertThat(count(c, "sync_marker")).isEqualTo(1);
        }
    }

    /** PostgreSQL gives timestamps back in UTC, HSQLDB with the offset they were written with: the instant counts. */
    private static void assertSame(Watermark actual, OffsetDateTime at, String lastId) {
        assertThat(actual.systemModstamp().toInstant()).isEqualTo(at.toInstant());
        assertThat(actual.lastId()).isEqualTo(lastId);
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each row as a list; timestamps as their instant, nulls as "null", so that both drivers compare alike. */
    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getMetaData().getColumnType(i) == java.sql.Types.TIMESTAMP_WITH_TIMEZONE
                            || rs.getMetaData().getColumnTypeName(i).equalsIgnoreCase("timestamptz")
                            ? rs.getObject(i, OffsetDateTime.class) : rs.getObject(i);
                    row.add(v == null ? "null" : v instanceof OffsetDateTime t ? t.toInstant().toString() : v);
                }
                out.add(row);
            }
        }
        return out;
    }
}
