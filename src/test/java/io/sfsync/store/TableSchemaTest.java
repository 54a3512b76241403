package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.pull.PullDeletes;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sync cycle reads each table's columns once ({@link TableSchema#ofCycle}), on HSQLDB and on PostgreSQL, and a table
 * changed between two cycles is read afresh by the next one.
 */
class TableSchemaTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_tableschema_");

    @TempDir
    Path data;

    private Properties config(Db db) {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "3",
                "sfsync.salesforce.emulator.seed-contacts", "0"};
        return db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void within_a_cycle_a_table_is_read_once_and_the_next_cycle_reads_it_again(Db db) throws Exception {
        try (Database d = Database.open(new SfsyncSettings(config(db))); Connection c = d.dataSource().getConnection();
             Statement s = c.createStatement()) {
            TableSchema.newCycle();
            TableSchema first = TableSchema.ofCycle(c, "person");
            s.execute("ALTER TABLE person ADD COLUMN nickname VARCHAR(40)");

            assertThat(TableSchema.ofCycle(c, "PERSON")).as("the same cycle").isSameAs(first);
            assertThat(first.has("nickname")).isFalse();
            assertThat(TableSchema.read(c, "person").has("nickname")).as("a read of its own").isTrue();

            TableSchema.newCycle();
            assertThat(TableSchema.ofCycle(c, "person").has("nickname")).as("the next cycle").isTrue();

            assertThat(TableSchema.ofCycle(c, "person_extra").exists()).isFalse();
            s.execute("CREATE TABLE person_extra (id INTEGER)");
            assertThat(TableSchema.ofCycle(c, "person_extra").exists()).as("a missing table is looked for again")
                    .isTrue();
        }
    }

    /**
     * A table without tombstones gets its tombstone column while the service runs: the next cycle's Pull Deletes reads
     * the table afresh and keeps the row Salesforce deleted as a tombstone (with the columns of the cycle before, it
     * would delete the row).
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void a_column_added_between_two_cycles_is_used_by_the_next_cycle(Db db) throws Exception {
        Properties config = config(db);
        try (Database d = Database.open(new SfsyncSettings(config)); Connection c = d.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE person DROP COLUMN " + LocalDeletes.TOMBSTONE_COLUMN);
        }
        try (TestApp t = TestApp.start(config)) {
            t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                    .useClock(new OrgClock(t.org().clock()));
            t.cycle();
            String leadId = (String) t.rows("SELECT sfdc_lead_id FROM person ORDER BY id").get(0).get("sfdc_lead_id");
            t.execute("ALTER TABLE person ADD COLUMN " + LocalDeletes.TOMBSTONE_COLUMN + " TIMESTAMP(3) WITH TIME ZONE");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", leadId);
            t.org().clock().advance(Duration.ofMinutes(2));

            String cycle = t.cycle();

            StepRow deletes = t.app().stepLog().cycle(cycle).stream()
                    .filter(s -> s.operation().equals("Pull Deletes")).findFirst().orElseThrow();
            assertThat(deletes.status()).isEqualTo("Completed");
            assertThat(deletes.deleted()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND "
                    + LocalDeletes.TOMBSTONE_COLUMN + " IS NOT NULL", leadId)).as("kept as a tombstone").isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(3);
        }
    }
}
