package io.sfsync.store.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL each vendor's dialect writes, and the names it refuses to paste into SQL. */
class SqlDialectTest {

    private static final Upsert WATERMARK = new Upsert("sync_operation_watermark", List.of("object_name", "operation"),
            List.of("watermark_at", "last_id"), Map.of("updated_at", "CURRENT_TIMESTAMP"));

    @Test
    void the_url_chooses_the_dialect_and_any_other_database_is_refused_naming_the_supported_ones() {
        assertThat(SqlDialect.forUrl("jdbc:hsqldb:file:/tmp/db/sfsync;shutdown=true").vendor()).isEqualTo("hsqldb");
        assertThat(SqlDialect.forUrl("jdbc:hsqldb:mem:x").vendor()).isEqualTo("hsqldb");
        assertThat(SqlDialect.forUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=s").vendor()).isEqualTo("postgresql");
        assertThatThrownBy(() -> SqlDialect.forUrl("jdbc:mysql://localhost/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HSQLDB (jdbc:hsqldb:").hasMessageContaining("PostgreSQL (jdbc:postgresql:");
    }

    @Test
    void a_url_of_another_database_is_refused_at_connect_naming_the_key(@TempDir Path data) {
        assertThatThrownBy(() -> Database.connect(new SfsyncSettings(TestApp.config(data,
                "sfsync.db.url", "jdbc:mysql://localhost/db?password=secret"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot open the database jdbc:mysql://localhost/db?password=*** (sfsync.db.url): "
                        + "sfsync supports HSQLDB (jdbc:hsqldb:...) and PostgreSQL (jdbc:postgresql://...)");
    }

    @Test
    void hsqldb_upserts_with_merge_binding_each_value_where_its_column_gives_it_a_type() {
        UpsertStatement s = SqlDialect.forUrl("jdbc:hsqldb:mem:x").upsert(WATERMARK);
        assertThat(s.sql()).isEqualTo("MERGE INTO sync_operation_watermark AS t USING (VALUES (0)) AS v (x)"
                + " ON t.object_name = ? AND t.operation = ?"
                + " WHEN MATCHED THEN UPDATE SET watermark_at = ?, last_id = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHEN NOT MATCHED THEN INSERT (object_name, operation, watermark_at, last_id) VALUES (?, ?, ?, ?)");
        assertThat(s.positions()).isDeepEqualTo(new int[][] {{1, 5}, {2, 6}, {3, 7}, {4, 8}});
    }

    @Test
    void postgresql_upserts_with_insert_on_conflict_binding_each_value_once() {
        UpsertStatement s = SqlDialect.forUrl("jdbc:postgresql://h/db").upsert(WATERMARK);
        assertThat(s.sql()).isEqualTo("INSERT INTO sync_operation_watermark (object_name, operation, watermark_at, last_id)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (object_name, operation)"
                + " DO UPDATE SET watermark_at = EXCLUDED.watermark_at, last_id = EXCLUDED.last_id, updated_at = CURRENT_TIMESTAMP");
        assertThat(s.positions()).isDeepEqualTo(new int[][] {{1}, {2}, {3}, {4}});
    }

    @Test
    void an_upsert_with_only_key_columns_inserts_when_absent_and_leaves_an_existing_row_alone() {
        Upsert keysOnly = new Upsert("sync_marker", List.of("marker_name"), List.of());
        assertThat(SqlDialect.forUrl("jdbc:hsqldb:mem:x").upsert(keysOnly).sql()).isEqualTo("MERGE INTO sync_marker AS t"
                + " USING (VALUES (0)) AS v (x) ON t.marker_name = ? WHEN NOT MATCHED THEN INSERT (marker_name) VALUES (?)");
        assertThat(SqlDialect.forUrl("jdbc:postgresql://h/db").upsert(keysOnly).sql())
                .isEqualTo("INSERT INTO sync_marker (marker_name) VALUES (?) ON CONFLICT (marker_name) DO NOTHING");
    }

    @Test
    void metadata_names_are_upper_case_on_hsqldb_and_lower_case_on_postgresql() {
        assertThat(SqlDialect.forUrl("jdbc:hsqldb:mem:x").metadataName("Person")).isEqualTo("PERSON");
        assertThat(SqlDialect.forUrl("jdbc:postgresql://h/db").metadataName("Person")).isEqualTo("person");
    }

    @Test
    void migrations_come_from_common_and_the_vendors_folder_and_both_folders_are_on_the_classpath() {
        assertThat(SqlDialect.forUrl("jdbc:hsqldb:mem:x").migrationLocations())
                .containsExactly("classpath:db/migration/common", "classpath:db/migration/hsqldb");
        assertThat(SqlDialect.forUrl("jdbc:postgresql://h/db").migrationLocations())
                .containsExactly("classpath:db/migration/common", "classpath:db/migration/postgresql");
        for (String folder : List.of("db/migration/common", "db/migration/hsqldb", "db/migration/postgresql")) {
            assertThat(getClass().getClassLoader().getResource(folder)).as(folder).isNotNull();
        }
    }

    @Test
    void hsqldb_gets_cached_tables_and_postgresql_batched_inserts_by_default_and_a_url_that_sets_them_keeps_its_own() {
        SqlDialect hsqldb = SqlDialect.forUrl("jdbc:hsqldb:mem:x");
        assertThat(hsqldb.connectionUrl("jdbc:hsqldb:file:/d/db/sfsync;shutdown=true"))
                .isEqualTo("jdbc:hsqldb:file:/d/db/sfsync;shutdown=true;hsqldb.default_table_type=cached");
        assertThat(hsqldb.connectionUrl("jdbc:hsqldb:mem:x;hsqldb.default_table_type=memory"))
                .isEqualTo("jdbc:hsqldb:mem:x;hsqldb.default_table_type=memory");
        SqlDialect postgres = SqlDialect.forUrl("jdbc:postgresql://h/db");
        assertThat(postgres.connectionUrl("jdbc:postgresql://h/db"))
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=true");
        assertThat(postgres.connectionUrl("jdbc:postgresql://h/db?currentSchema=s"))
                .isEqualTo("jdbc:postgresql://h/db?currentSchema=s&reWriteBatchedInserts=true");
        assertThat(postgres.connectionUrl("jdbc:postgresql://h/db?reWriteBatchedInserts=false"))
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
    }

    @Test
    void names_that_are_not_plain_sql_identifiers_are_refused() {
        for (String bad : new String[] {"sync_marker; DROP TABLE person", "1table", "my-table", "\"quoted\"", "a b", "",
                                        "x".repeat(64), "t.c", "naïve"}) {
            assertThatThrownBy(() -> new Upsert(bad, List.of("k"), List.of("v"))).as("table %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL name");
            assertThatThrownBy(() -> new Upsert("t", List.of(bad), List.of("v"))).as("key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Upsert("t", List.of("k"), List.of(bad))).as("value %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Upsert("t", List.of("k"), List.of("v"), Map.of(bad, "NULL"))).as("set %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new Upsert("_T1", List.of("k_2"), List.of("x".repeat(63))).table()).isEqualTo("_T1");
    }

    @Test
    void an_update_constant_must_be_a_keyword_or_a_whole_number_and_an_upsert_needs_a_key_and_distinct_columns() {
        for (String bad : new String[] {"'x'", "CURRENT_TIMESTAMP; DROP TABLE person", "1 + 1", "?", "now()"}) {
            assertThatThrownBy(() -> new Upsert("t", List.of("k"), List.of(), Map.of("updated_at", bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a constant");
        }
        assertThat(new Upsert("t", List.of("k"), List.of(), Map.of("n", "-1", "b", "TRUE")).onUpdate()).hasSize(2);
        assertThatThrownBy(() -> new Upsert("t", List.of(), List.of("v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key column");
        assertThatThrownBy(() -> new Upsert("t", List.of("k"), List.of("v", "K")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column K given twice");
        assertThatThrownBy(() -> new Upsert("t", List.of("k"), List.of("v"), Map.of("v", "NULL")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column v given twice");
    }
}
