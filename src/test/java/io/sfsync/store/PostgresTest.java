package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production database: the same migrations and every step of a cycle against PostgreSQL
 * (127.0.0.1:5432, database test; .ci/run starts it when it is installed and stopped), in a
 * schema of its own that is dropped afterwards.
 */
class PostgresTest {

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema("sfsync_test_");

    @TempDir
    Path data;

    @Test
    void a_full_cycle_runs_on_postgresql() throws Exception {
        try (TestApp t = TestApp.start(schema.appConfig(data,
                "sfsync.salesforce.emulator.seed-leads", "120", "sfsync.salesforce.emulator.seed-contacts", "80",
                "sfsync.salesforce.emulator.seed-extra", "Account:10,Opportunity:10,Campaign:2,CampaignMember:20,Task:30,Event:10"))) {
            String first = t.cycle();
            assertThat(t.app().stepLog().cycle(first)).allSatisfy(s -> assertThat(s.status())
                    .as(s.object() + " " + s.operation() + ": " + s.message()).isEqualTo("Completed"));
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(200);
            assertThat(t.count("SELECT COUNT(*) FROM task WHERE person_id IS NULL AND sfdc_who_id IS NOT NULL")).isZero();

            String lead = (String) t.org().all("Lead").get(0).get("Id");
            String contact = (String) t.org().all("Contact").get(0).get("Id");
            t.org().clock().advance(Duration.ofMinutes(2));
            t.org().update("Lead", lead, Map.of("City", "Malmö"));
            t.org().delete("Contact", contact);
            t.org().clock().advance(Duration.ofMinutes(2));
            String second = t.cycle();
            assertThat(t.app().stepLog().cycle(second)).allSatisfy(s -> assertThat(s.status())
                    .as(s.object() + " " + s.operation() + ": " + s.message()).isEqualTo("Completed"));
            StepRow leadPull = t.app().stepLog().cycle(second).stream()
                    .filter(s -> s.object().equals("Lead") && s.operation().equals("Pull Updates")).findFirst().orElseThrow();
            assertThat(leadPull.updated()).isEqualTo(1);
            assertThat(t.rows("SELECT city FROM person WHERE sfdc_lead_id = ?", lead).get(0)).containsEntry("city", "Malmö");
            long migrations;
            try (var common = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/common"));
                 var own = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration/postgresql"))) {
                migrations = java.util.stream.Stream.concat(common, own)
                        .filter(f -> f.getFileName().toString().matches("V[\\d_]+__.*\\.sql")).count();
            }
            assertThat(migrations).isGreaterThanOrEqualTo(8);
            assertThat(t.count("SELECT COUNT(*) FROM " + schema.name() + ".flyway_schema_history WHERE success")).isEqualTo(migrations);
        }
    }

    @Test
    void on_postgresql_persons_salesforce_id_indexes_hold_only_rows_with_an_id_and_every_look_up_still_reads_one()
            throws Exception {
        try (TestApp t = TestApp.start(schema.appConfig(data, "sfsync.salesforce.emulator.seed-leads", "5",
                "sfsync.salesforce.emulator.seed-contacts", "3"))) {
            t.cycle();
            try (Connection c = t.app().dataSource().getConnection(); Statement s = c.createStatement()) {
                Map<String, String> indexes = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = '"
                        + schema.name() + "' AND tablename = 'person' AND indexname LIKE 'person_sfdc_%'")) {
                    while (rs.next()) {
                        indexes.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertThat(indexes.get("person_sfdc_account_id_idx")).endsWith("WHERE (sfdc_account_id IS NOT NULL)");
                assertThat(indexes.get("person_sfdc_lead_id_uq")).startsWith("CREATE UNIQUE INDEX")
                        .endsWith("WHERE (sfdc_lead_id IS NOT NULL)");
                assertThat(indexes.get("person_sfdc_contact_id_uq")).startsWith("CREATE UNIQUE INDEX")
                        .endsWith("WHERE (sfdc_contact_id IS NOT NULL)");

                // an id is still unique: a second row with a pulled Lead's or Contact's id is refused
                String lead = (String) t.org().all("Lead").get(0).get("Id");
                String contact = (String) t.org().all("Contact").get(0).get("Id");
                for (String[] row : new String[][] {{"Lead", "sfdc_lead_id", lead}, {"Contact", "sfdc_contact_id", contact}}) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (person_type, last_name, "
                            + row[1] + ") VALUES (?, 'Twin', ?)")) {
                        ps.setString(1, row[0]);
                        ps.setString(2, row[2]);
                        assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                                .hasMessageContaining("person_" + row[1] + "_uq");
                    }
                }

                // The tables are too small for the planner to prefer an index, so sequential scans are ruled out:
                // usable or not is what is asked.
                s.execute("SET enable_seqscan = off");
                // a pull's look-up of a page's ids (RecordWriter: = ANY of a bound array)
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM person WHERE sfdc_lead_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("varchar", new Object[] {lead, "00Q000000000000AAA"}));
                    assertThat(plan(ps)).contains("person_sfdc_lead_id_uq");
                }
                // the persons of changed accounts (Update FKs), and campaign members' persons (a join by the id)
                assertThat(plan(c.prepareStatement("EXPLAIN SELECT c.id FROM person c WHERE c.sfdc_account_id IN "
                        + "(SELECT p.sfdc_id FROM account p WHERE p.updated_at >= CURRENT_TIMESTAMP)")))
                        .contains("person_sfdc_account_id_idx");
                assertThat(plan(c.prepareStatement("EXPLAIN SELECT cm.id, p.id FROM campaign_member cm JOIN person p "
                        + "ON p.sfdc_contact_id = cm.sfdc_contact_id"))).contains("person_sfdc_contact_id_uq");
                // Push New's rows of one type without a Salesforce id (PushNew.newRows; the type is a bound value)
                for (String[] type : new String[][] {{"Lead", "sfdc_lead_id"}, {"Contact", "sfdc_contact_id"}}) {
                    try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT t.id FROM person t WHERE t."
                            + type[1] + " IS NULL AND t.person_type = ? AND t.sf_deleted_at IS NULL ORDER BY t.id")) {
                        ps.setString(1, type[0]);
                        assertThat(plan(ps)).contains("person_" + type[0].toLowerCase(Locale.ROOT) + "_without_id_idx");
                    }
                }
            }
        }
    }

    private static String plan(PreparedStatement ps) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ps; ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void on_postgresql_too_the_org_is_recorded_and_steps_a_killed_process_left_are_closed_at_the_next_start() throws Exception {
        long interrupted;
        try (TestApp t = TestApp.start(schema.appConfig(data, "sfsync.objects", "Lead"))) {
            assertThat(t.rows("SELECT org_id FROM sync_org")).containsExactly(Map.of("org_id", t.org().orgId()));
            interrupted = t.app().stepLog().start("cycle-killed", "Lead", "Pull Updates");
        }

        try (TestApp t = TestApp.start(schema.appConfig(data, "sfsync.objects", "Lead"))) {
            StepRow closed = t.app().stepLog().latest(100).stream().filter(s -> s.id() == interrupted).findFirst().orElseThrow();
            assertThat(closed.status()).isEqualTo("Rolled back");
            assertThat(closed.message()).startsWith("sfsync stopped while this step ran (killed or crashed)");
        }
    }
}
