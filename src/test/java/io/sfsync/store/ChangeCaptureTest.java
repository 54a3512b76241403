package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.emulator.ConvertOptions;
import io.sfsync.pull.PullDeletes;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change capture on both real databases: what another SQL client writes to a push column lands in sync_change, in
 * its own transaction; what sfsync's pull writes never does. "Another client" is plain JDBC on a connection of the
 * pool (the HSQLDB file is locked by the running application): plain SQL, none of sfsync's classes.
 */
class ChangeCaptureTest {

    private static final String CHANGES = "SELECT table_name, row_id, change_type, changed_columns, deleted_ids, status "
            + "FROM sync_change ORDER BY id";

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_capture_");

    @TempDir
    Path data;

    @Test
    void on_hsqldb_an_update_of_push_columns_by_another_client_is_logged_with_exactly_those_columns() throws Exception {
        updatesAreLogged(hsqldb());
    }

    @Test
    void on_postgresql_an_update_of_push_columns_by_another_client_is_logged_with_exactly_those_columns() throws Exception {
        updatesAreLogged(postgresql());
    }

    @Test
    void on_hsqldb_an_update_logs_the_old_values_of_exactly_the_changed_columns() throws Exception {
        oldValuesAreLogged(hsqldb());
    }

    @Test
    void on_postgresql_an_update_logs_the_old_values_of_exactly_the_changed_columns() throws Exception {
        oldValuesAreLogged(postgresql());
    }

    @Test
    void on_hsqldb_inserts_and_deletes_by_another_client_are_logged() throws Exception {
        insertsAndDeletesAreLogged(hsqldb());
    }

    @Test
    void on_postgresql_inserts_and_deletes_by_another_client_are_logged() throws Exception {
        insertsAndDeletesAreLogged(postgresql());
    }

    @Test
    void on_hsqldb_a_rolled_back_change_leaves_no_entry() throws Exception {
        rolledBackLeavesNothing(hsqldb());
    }

    @Test
    void on_postgresql_a_rolled_back_change_leaves_no_entry() throws Exception {
        rolledBackLeavesNothing(postgresql());
    }

    @Test
    void on_hsqldb_pull_cycles_with_new_changed_deleted_and_converted_records_log_nothing() throws Exception {
        pullsLogNothing(hsqldb(), false);
    }

    @Test
    void on_postgresql_pull_cycles_with_new_changed_deleted_and_converted_records_log_nothing() throws Exception {
        pullsLogNothing(postgresql(), false);
    }

    @Test
    void on_hsqldb_deletes_of_the_pull_in_a_table_without_tombstones_log_nothing() throws Exception {
        pullsLogNothing(hsqldb(), true);
    }

    @Test
    void on_postgresql_deletes_of_the_pull_in_a_table_without_tombstones_log_nothing() throws Exception {
        pullsLogNothing(postgresql(), true);
    }

    @Test
    void on_hsqldb_a_local_change_then_a_pull_of_the_same_row_keeps_the_local_entry_only() throws Exception {
        localThenPull(hsqldb());
    }

    @Test
    void on_postgresql_a_local_change_then_a_pull_of_the_same_row_keeps_the_local_entry_only() throws Exception {
        localThenPull(postgresql());
    }

    @Test
    void on_hsqldb_a_restart_with_a_column_no_longer_pushed_stops_capturing_it() throws Exception {
        restartWithFewerPushColumns(hsqldb());
    }

    @Test
    void on_postgresql_a_restart_with_a_column_no_longer_pushed_stops_capturing_it() throws Exception {
        restartWithFewerPushColumns(postgresql());
    }

    @Test
    void on_hsqldb_a_mapped_table_without_the_marker_column_gets_it_at_start() throws Exception {
        markerColumnAdded(hsqldb());
    }

    @Test
    void on_postgresql_a_mapped_table_without_the_marker_column_gets_it_at_start() throws Exception {
        markerColumnAdded(postgresql());
    }

    @Test
    void a_table_with_push_fields_but_no_id_column_stops_the_start_naming_the_table() throws Exception {
        Properties config = hsqldb("sfsync.objects", "Account");
        try (Database db = Database.open(new SfsyncSettings(config)); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE firm (sfdc_id VARCHAR(18), name VARCHAR(255), updated_at TIMESTAMP WITH TIME ZONE)");
        }
        Path mappings = data.resolve("mappings");
        Files.createDirectories(mappings);
        Files.writeString(mappings.resolve("account.yaml"), """
                object: Account
                table: firm
                id-column: sfdc_id
                fields:
                  - { sf: Name, column: name, direction: both }
                """);
        config.setProperty("sfsync.mappings-dir", mappings.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestApp.start(config))
                .isInstanceOf(io.sfsync.mapping.MappingException.class)
                .hasMessageContaining("account.yaml line 2: table 'firm' has no id column; a table with push fields needs"
                        + " an id BIGINT primary key");
    }

    private Properties hsqldb(String... keyValues) {
        return TestApp.config(data, keyValues);
    }

    private Properties postgresql(String... keyValues) {
        return postgres.appConfig(data, keyValues);
    }

    /** Lead and Contact (both map person, with push fields), 20 Leads and 10 Contacts. */
    private static Properties people(Properties config) {
        config.setProperty("sfsync.objects", "Lead,Contact");
        config.setProperty("sfsync.salesforce.emulator.seed-leads", "20");
        config.setProperty("sfsync.salesforce.emulator.seed-contacts", "10");
        return config;
    }

    private static TestApp start(Properties config) throws Exception {
        TestApp t = TestApp.start(config);
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        return t;
    }

    private static void updatesAreLogged(Properties config) throws Exception {
        try (TestApp t = start(people(config))) {
            t.cycle();
            assertThat(t.rows(CHANGES)).isEmpty();
            String row = t.rows("SELECT id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0).get("id").toString();
            String firstName = t.rows("SELECT first_name FROM person WHERE id = ?", Long.parseLong(row)).get(0).get("first_name")
                    .toString();

            // first_name set to the value it has: no change; city and email changed; lead_status is pull-only
            sql(t, "UPDATE person SET first_name = ?, city = ?, email = ?, lead_status = ? WHERE id = ?",
                    firstName, "Uppsala", "new@example.com", "Working", Long.parseLong(row));

            assertThat(t.rows(CHANGES)).containsExactly(change("person", row, "U", ",email,city,", null));

            // pull-only (lead_status, sfdc_owner_id) and unmapped columns (updated_at, account_id): nothing
            sql(t, "UPDATE person SET lead_status = ?, sfdc_owner_id = ?, updated_at = CURRENT_TIMESTAMP, account_id = 7 "
                    + "WHERE id = ?", "Closed", "005000000000001", Long.parseLong(row));
            // a push column of the Contact mapping only (department) counts on a Lead's row too: one table, one log
            sql(t, "UPDATE person SET department = ? WHERE id = ?", "Growth", Long.parseLong(row));
            // a statement over many rows logs each row it changed
            sql(t, "UPDATE person SET country = ? WHERE person_type = ?", "Sverige", "Contact");

            List<Map<String, Object>> changes = t.rows(CHANGES);
            assertThat(changes).hasSize(12);
            assertThat(changes.get(1)).isEqualTo(change("person", row, "U", ",department,", null));
            assertThat(changes.subList(2, 12)).allSatisfy(c -> assertThat(c).containsEntry("change_type", "U")
                    .containsEntry("changed_columns", ",country,").containsEntry("status", "Open"));
            assertThat(changes.subList(2, 12)).extracting(c -> c.get("row_id")).containsExactlyInAnyOrderElementsOf(
                    t.rows("SELECT id FROM person WHERE person_type = 'Contact'").stream().map(r -> r.get("id")).toList());
        }
    }

    /** old_values, the pull's base for its conflict check: the text itself, quotes, backslashes and NULL included. */
    private static void oldValuesAreLogged(Properties config) throws Exception {
        try (TestApp t = start(people(config))) {
            t.cycle();
            long row = Long.parseLong(t.rows("SELECT id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0).get("id")
                    .toString());
            sql(t, "UPDATE person SET title = NULL, city = ?, annual_revenue = 12.5, birthdate = DATE '2001-02-03', "
                    + "state = 'Uppland' WHERE id = ?", "Say \"Up\\psala\"", row);
            sql(t, "DELETE FROM sync_change");

            // state and company set to the values they have: not changed, not logged
            sql(t, "UPDATE person SET birthdate = DATE '2002-01-01', title = 'CTO', annual_revenue = 13, city = 'Lund', "
                    + "state = 'Uppland', company = company WHERE id = ?", row);

            List<Map<String, Object>> changes = t.rows("SELECT changed_columns, old_values FROM sync_change");
            assertThat(changes).hasSize(1);
            assertThat(changes.get(0)).containsEntry("changed_columns", ",title,city,annual_revenue,birthdate,")
                    .containsEntry("old_values",
                            "{\"title\":null,\"city\":\"Say \\\"Up\\\\psala\\\"\",\"annual_revenue\":\"12.50\","
                                    + "\"birthdate\":\"2001-02-03\",}");
            Map<String, String> old = new HashMap<>();
            old.put("title", null);
            old.put("city", "Say \"Up\\psala\"");
            old.put("annual_revenue", "12.50");
            old.put("birthdate", "2001-02-03");
            assertThat(OldValues.parse(changes.get(0).get("old_values").toString())).isEqualTo(old);
        }
    }

    private static void insertsAndDeletesAreLogged(Properties config) throws Exception {
        try (TestApp t = start(people(config))) {
            t.cycle();
            sql(t, "INSERT INTO person (person_type, first_name, email, lead_status) VALUES (?, ?, ?, ?)",
                    "Lead", "Ada", "ada@example.com", "Open");
            String inserted = t.rows("SELECT id FROM person WHERE email = 'ada@example.com'").get(0).get("id").toString();
            Map<String, Object> lead = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' "
                    + "AND sfdc_lead_id IS NOT NULL ORDER BY id").get(0);
            sql(t, "UPDATE person SET sfdc_contact_id = ? WHERE id = ?", "003000000000ZZZ", Long.parseLong(lead.get("id").toString()));

            sql(t, "DELETE FROM person WHERE id = ?", Long.parseLong(lead.get("id").toString()));
            sql(t, "DELETE FROM person WHERE id = ?", Long.parseLong(inserted));

            assertThat(t.rows(CHANGES)).containsExactly(
                    change("person", inserted, "I", ",first_name,email,", null),
                    change("person", lead.get("id").toString(), "D", "",
                            ",person_type=Lead,sfdc_lead_id=" + lead.get("sfdc_lead_id") + ",sfdc_contact_id=003000000000ZZZ,"),
                    change("person", inserted, "D", "", null));
        }
    }

    private static void rolledBackLeavesNothing(Properties config) throws Exception {
        try (TestApp t = start(people(config))) {
            t.cycle();
            try (Connection c = t.app().dataSource().getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE person SET city = 'Never Committed'");
                    s.executeUpdate("INSERT INTO person (person_type, last_name) VALUES ('Lead', 'Rollback')");
                    s.executeUpdate("DELETE FROM person WHERE person_type = 'Contact'");
                }
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM sync_change")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("the writer's own transaction sees its entries").isEqualTo(30 + 1 + 10);
                }
                c.rollback();
            }
            assertThat(t.rows(CHANGES)).isEmpty();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE city = 'Never Committed'")).isZero();
        }
    }

    /**
     * New, changed, deleted, undeleted and converted records (conversions whose Contact was pulled on its own row
     * first: merged, so that row is deleted by sfsync): none is a local change.
     */
    private void pullsLogNothing(Properties config, boolean hardDeletes) throws Exception {
        if (hardDeletes) {
            try (Database db = Database.open(new SfsyncSettings(config)); Connection c = db.dataSource().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("ALTER TABLE person DROP COLUMN " + LocalDeletes.TOMBSTONE_COLUMN);
            }
        }
        config.setProperty("sfsync.objects", "Account,Contact,Lead");
        config.setProperty("sfsync.salesforce.emulator.seed-leads", "20");
        config.setProperty("sfsync.salesforce.emulator.seed-contacts", "10");
        try (TestApp t = start(config)) {
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(30);
            List<Map<String, Object>> leads = t.org().all("Lead");
            List<Map<String, Object>> contacts = t.org().all("Contact");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().create("Lead", Map.of("LastName", "Newcomer", "Company", "New AB", "City", "Visby"));
            t.org().update("Lead", (String) leads.get(0).get("Id"), Map.of("City", "Kiruna", "FirstName", "Stina"));
            t.org().update("Contact", (String) contacts.get(0).get("Id"), Map.of("Department", "Sales"));
            t.org().delete("Lead", (String) leads.get(1).get("Id"));
            t.org().delete("Contact", (String) contacts.get(1).get("Id"));
            t.org().convertLead((String) leads.get(2).get("Id"), ConvertOptions.defaults());
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            // Contact before Lead: the converted Lead's new Contact is pulled as a row of its own, then merged
            t.org().convertLead((String) leads.get(3).get("Id"), ConvertOptions.defaults().withoutOpportunity());
            t.org().undelete("Lead", (String) leads.get(1).get("Id"));
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();

            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND sfdc_contact_id IS NOT NULL",
                    leads.get(3).get("Id"))).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE city = 'Kiruna'")).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_contact_id = ?", contacts.get(1).get("Id")))
                    .isEqualTo(hardDeletes ? 0 : 1);
            assertThat(t.rows(CHANGES)).isEmpty();
        }
    }

    private static void localThenPull(Properties config) throws Exception {
        try (TestApp t = start(people(config))) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(0).get("Id");
            String row = t.rows("SELECT id FROM person WHERE sfdc_lead_id = ?", leadId).get(0).get("id").toString();
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", leadId, Map.of("Title", "CFO", "City", "Malmö"));
            sql(t, "UPDATE person SET city = ?, phone = ? WHERE id = ?", "Lund", "+46 46 000", Long.parseLong(row));
            t.org().clock().advance(Duration.ofMinutes(1));

            t.cycle();

            // The pull adds no entry of its own. City changed on both sides: Salesforce wins (conflict: salesforce-wins),
            // so city leaves the local entry; phone, changed only locally, stays local and is pushed.
            assertThat(t.rows("SELECT title, city, phone FROM person WHERE id = ?", Long.parseLong(row)).get(0))
                    .containsEntry("title", "CFO").containsEntry("city", "Malmö").containsEntry("phone", "+46 46 000");
            assertThat(t.rows(CHANGES)).containsExactly(change("person", row, "U", ",phone,", null, "Pushed"));
            assertThat(t.rows("SELECT field_name, local_value, salesforce_value, winner FROM sync_conflict"))
                    .containsExactly(Map.of("field_name", "City", "local_value", "Lund", "salesforce_value", "Malmö",
                            "winner", "salesforce"));
            assertThat(t.org().get("Lead", leadId).orElseThrow()).containsEntry("Phone", "+46 46 000")
                    .containsEntry("City", "Malmö");
        }
    }

    private void restartWithFewerPushColumns(Properties config) throws Exception {
        people(config);
        try (TestApp t = start(config)) {
            t.cycle();
            try (Connection c = t.app().dataSource().getConnection()) {
                assertThat(ChangeCapture.installedOn(c, c.getSchema())).containsExactly("person");
            }
        }
        Path mappings = data.resolve("mappings");
        copyMappings(mappings);
        // city is pull-only in both mappings of person now
        replace(mappings.resolve("lead.yaml"), "column: city,                   direction: both",
                "column: city,                   direction: pull");
        replace(mappings.resolve("contact.yaml"), "column: city,                   direction: both",
                "column: city,                   direction: pull");
        config.setProperty("sfsync.mappings-dir", mappings.toString());
        try (TestApp t = start(config)) {
            String row = t.rows("SELECT id FROM person ORDER BY id").get(0).get("id").toString();
            sql(t, "UPDATE person SET city = ? WHERE id = ?", "Ystad", Long.parseLong(row));
            assertThat(t.rows(CHANGES)).isEmpty();
            sql(t, "UPDATE person SET city = ?, title = ? WHERE id = ?", "Ystad 2", "CTO", Long.parseLong(row));
            assertThat(t.rows(CHANGES)).containsExactly(change("person", row, "U", ",title,", null));
        }
        // no push field left on person: its triggers go
        for (String file : List.of("lead.yaml", "contact.yaml")) {
            Path f = mappings.resolve(file);
            // push-values is refused on a pull-only field (it would never apply), and pull-values: inverse needs it
            Files.writeString(f, Files.readString(f).replace("direction: both", "direction: pull")
                    .replace(",\n      push-values: { CA: California, NY: New York, TX: Texas }, pull-values: inverse", ""));
        }
        try (TestApp t = start(config)) {
            try (Connection c = t.app().dataSource().getConnection()) {
                assertThat(ChangeCapture.installedOn(c, c.getSchema())).isEmpty();
            }
            sql(t, "UPDATE person SET title = 'CEO'");
            sql(t, "DELETE FROM person WHERE person_type = 'Contact'");
            assertThat(t.count("SELECT COUNT(*) FROM sync_change")).isEqualTo(1);
        }
    }

    private void markerColumnAdded(Properties config) throws Exception {
        people(config);
        try (Database db = Database.open(new SfsyncSettings(config)); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE person DROP COLUMN " + ChangeCapture.PULL_REV);
        }
        try (TestApp t = start(config)) {
            try (Connection c = t.app().dataSource().getConnection()) {
                assertThat(TableSchema.read(c, "person").has(ChangeCapture.PULL_REV)).isTrue();
            }
            t.cycle();
            assertThat(t.rows(CHANGES)).isEmpty();
            sql(t, "UPDATE person SET email = 'x@example.com' WHERE person_type = 'Lead'");
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE changed_columns = ',email,'")).isEqualTo(20);
        }
    }

    private static void copyMappings(Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static Map<String, Object> change(String table, String row, String type, String columns, String deletedIds) {
        return change(table, row, type, columns, deletedIds, "Open");
    }

    private static Map<String, Object> change(String table, String row, String type, String columns, String deletedIds,
                                              String status) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("table_name", table);
        m.put("row_id", row);
        m.put("change_type", type);
        m.put("changed_columns", columns);
        m.put("deleted_ids", deletedIds);
        m.put("status", status);
        return m;
    }

    /** A write as any other client makes it: plain SQL, autocommit. */
    private static void sql(TestApp t, String sql, Object... params) throws SQLException {
        try (Connection c = t.app().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
