package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.dialect.SqlDialect;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting on a database an earlier sfsync made: the migrations it lacks run on its rows, each named in the log as it
 * starts (one on a large table can take minutes), on HSQLDB and on PostgreSQL; a new database says so in one line.
 */
class SchemaMigrationTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_migration_");

    @TempDir
    Path dir;

    @Test
    void an_embedded_database_of_an_earlier_version_is_migrated_naming_each_migration_and_keeps_its_rows() throws Exception {
        SfsyncSettings settings = new SfsyncSettings(TestApp.config(dir.resolve("data")));
        atVersion20_2(settings,
                "INSERT INTO person (person_type, last_name, sfdc_lead_id) VALUES ('Lead', 'Pulled', '00Q000000000001')",
                "INSERT INTO person (person_type, last_name) VALUES ('Lead', 'Newlead')",
                "INSERT INTO person (person_type, last_name) VALUES ('Contact', 'Newcontact')",
                "INSERT INTO person (person_type, last_name, sfdc_lead_id, sfdc_contact_id) VALUES "
                        + "('Contact', 'Converted', '00Q000000000002', '003000000000002')");

        String log = logOf(() -> Database.open(settings).close());

        assertThat(log).contains("Database schema: applying version 20.3 (person rows without salesforce id)")
                .doesNotContain("applying version 20.2").doesNotContain("a new database");
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT last_name, without_sfdc_lead_id, "
                     + "without_sfdc_contact_id FROM person ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            // the type of a row without that id: what Push New of each type reads (PushNew.withoutId)
            assertThat(rows).containsExactly("Pulled null Lead", "Newlead Lead Lead", "Newcontact Contact Contact",
                    "Converted null null");
        }
    }

    @Test
    void a_postgresql_schema_of_an_earlier_version_is_migrated_naming_each_migration_and_keeps_its_rows() throws Exception {
        SfsyncSettings settings = new SfsyncSettings(postgres.appConfig(dir.resolve("data")));
        atVersion20_2(settings, "INSERT INTO person (person_type, last_name) VALUES ('Lead', 'Newlead')");

        String log = logOf(() -> Database.open(settings).close());

        assertThat(log).contains("Database schema: applying version 20.3 (person rows without salesforce id)")
                .doesNotContain("applying version 20.2").doesNotContain("a new database");
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection()) {
            // PostgreSQL's twin of V20_3 changes nothing: its partial indexes (V20_2) serve Push New
            assertThat(TableSchema.read(c, "person").has("without_sfdc_lead_id")).isFalse();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT last_name FROM person")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Newlead");
            }
        }
    }

    @Test
    void a_new_database_is_made_with_one_line_in_the_log() throws Exception {
        SfsyncSettings settings = new SfsyncSettings(TestApp.config(dir.resolve("data")));

        String log = logOf(() -> Database.open(settings).close());

        assertThat(log).contains("Database schema: a new database, creating its tables").doesNotContain("applying version");
        // Flyway's warnings: a callback of deprecated events, and HSQLDB's "no data" for an UPDATE of no rows
        assertThat(log.lines().filter(l -> l.contains("[WARN]") && (l.contains(" FlywayExecutor ")
                || l.contains(" DefaultSqlScriptExecutor ") || l.contains(" Database ")))).isEmpty();
    }

    /**
     * The database as sfsync left it before V20_3 (HSQLDB's indexed columns of the rows without a Salesforce id), with
     * these rows written.
     */
    private static void atVersion20_2(SfsyncSettings settings, String... inserts) throws Exception {
        try (Database db = Database.connect(settings)) {
            Flyway.configure().dataSource(db.dataSource())
                    .locations(SqlDialect.forUrl(settings.dbUrl()).migrationLocations().toArray(String[]::new))
                    .target("20.2").load().migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String insert : inserts) {
                    st.executeUpdate(insert);
                }
            }
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What sfsync logged while {@code action} ran (the simple logger writes to System.err). */
    private static String logOf(Action action) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
