package io.sfsync.salesapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.ConfigException;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sales-app copy of the persons (issue #15, A1, A2, A4) with the real application, the emulator and both
 * databases of one vendor: the main database and the sales-app database both embedded HSQLDB (the default), or both
 * PostgreSQL (a schema each). Activities (A3): {@link SalesActivitiesTest}.
 */
class SalesFeedTest {

    enum Db { HSQLDB, POSTGRESQL }

    /** The 11 fields of A1, as sales_person's columns, in order; person_id is the key. */
    static final List<String> ELEVEN = List.of("person_id", "first_name", "last_name", "sfdc_contact_id", "sfdc_lead_id",
            "company", "title", "email", "phone", "linkedin_url", "source");

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_feed_");
    @RegisterExtension
    final PostgresSchema salesPostgres = new PostgresSchema("sfsync_salesapp_");
    @RegisterExtension
    final PostgresSchema otherSalesPostgres = new PostgresSchema("sfsync_salesapp2_");

    @TempDir
    Path data;

    static Properties config(Db db, Path data, PostgresSchema main, PostgresSchema sales, String... kv) {
        String[] all = new String[kv.length + 2];
        all[0] = "sfsync.sales-app.enabled";
        all[1] = "true";
        System.arraycopy(kv, 0, all, 2, kv.length);
        if (db == Db.HSQLDB) {
            return TestApp.config(data, all);
        }
        Properties p = main.appConfig(data, all);
        p.setProperty("sfsync.sales-app.db.url", PostgresSchema.SERVER + "?currentSchema=" + sales.name());
        p.setProperty("sfsync.sales-app.db.username", PostgresSchema.USER);
        return p;
    }

    private TestApp start(Db db) throws Exception {
        return TestApp.start(config(db, data, postgres, salesPostgres, "sfsync.objects", "Lead,Contact",
                "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "2"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void copies_the_11_fields_of_exactly_the_persons_whose_owner_is_a_salesforce_user(Db db) throws Exception {
        try (TestApp t = start(db)) {
            // local persons the copy must leave out: no owner, a queue as owner, deleted in Salesforce
            // (sf_pull_rev set: written as sfsync writes, so not pushed as new Leads)
            t.execute("INSERT INTO person (person_type, last_name, sf_pull_rev) VALUES ('Lead', 'No owner', 1)");
            t.execute("INSERT INTO person (person_type, last_name, sfdc_owner_id, sf_pull_rev) VALUES ('Lead', "
                    + "'In a queue', '00G000000000001EAA', 1)");
            t.execute("INSERT INTO person (person_type, last_name, sfdc_owner_id, sf_deleted_at, sf_pull_rev) VALUES "
                    + "('Lead', 'Deleted', '005000000000001AAA', CURRENT_TIMESTAMP, 1)");
            Map<String, Object> lead = t.org().all("Lead").get(0);
            Map<String, Object> contact = t.org().all("Contact").get(0);

            String cycle = t.cycle();

            assertThat(columns(t)).as("sales_person's columns").isEqualTo(ELEVEN);
            assertThat(primaryKey(t)).isEqualTo(List.of("person_id"));
            List<String> salesforceIds = new ArrayList<>();
            t.org().all("Lead").forEach(r -> salesforceIds.add((String) r.get("Id")));
            t.org().all("Contact").forEach(r -> salesforceIds.add((String) r.get("Id")));
            List<Map<String, Object>> copy = sales(t, "SELECT * FROM sales_person ORDER BY person_id");
            assertThat(copy).hasSize(5);
            assertThat(copy).allSatisfy(r -> assertThat(salesforceIds)
                    .contains(r.get("sfdc_lead_id") != null ? (String) r.get("sfdc_lead_id") : (String) r.get("sfdc_contact_id")));
            String leadPerson = personOf(t, (String) lead.get("Id"));
            assertThat(sales(t, "SELECT * FROM sales_person WHERE person_id = ?", Long.parseLong(leadPerson)))
                    .containsExactly(row("person_id", leadPerson, "first_name", lead.get("FirstName"),
                            "last_name", lead.get("LastName"), "sfdc_contact_id", null, "sfdc_lead_id", lead.get("Id"),
                            "company", lead.get("Company"), "title", lead.get("Title"), "email", lead.get("Email"),
                            "phone", lead.get("Phone"), "linkedin_url", null, "source", lead.get("LeadSource")));
            String contactPerson = personOf(t, (String) contact.get("Id"));
            assertThat(sales(t, "SELECT sfdc_contact_id, sfdc_lead_id, email FROM sales_person WHERE person_id = ?",
                    Long.parseLong(contactPerson))).containsExactly(row("sfdc_contact_id", contact.get("Id"),
                    "sfdc_lead_id", null, "email", contact.get("Email")));

            StepRow step = step(t, cycle, SalesFeed.COPY);
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.created()).isEqualTo(5);
            assertThat(step.expected()).isEqualTo(5L);
            assertThat(step.message()).contains("5 person(s) copied in ").contains("/s)");

            // the next cycle follows changes; none: nothing written
            String next = t.cycle();
            StepRow updates = step(t, next, SalesFeed.UPDATES);
            assertThat(updates.status()).isEqualTo("Completed");
            assertThat((updates.created() + updates.updated() + updates.deleted() + updates.skipped())).isZero();
            assertThat(t.app().stepLog().cycle(next)).noneMatch(s -> s.operation().equals(SalesFeed.COPY));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void changes_to_the_11_fields_follow_and_changes_to_other_fields_leave_the_copy_row_untouched(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            recordWrites(t, db);
            String leadId = (String) t.org().all("Lead").get(1).get("Id");
            long person = Long.parseLong(personOf(t, leadId));

            // other fields, changed in Salesforce and locally: the copy row is not written
            t.org().update("Lead", leadId, Map.of("City", "Uppsala", "Industry", "Retail"));
            tick(t);
            t.execute("UPDATE person SET mobile_phone = '+46 70 000 00 00', do_not_call = TRUE WHERE id = ?", person);
            String other = t.cycle();
            assertThat(t.rows("SELECT city FROM person WHERE id = ?", person)).containsExactly(Map.of("city", "Uppsala"));
            assertThat(total(step(t, other, SalesFeed.UPDATES))).isZero();
            assertThat(writes(t)).as("writes to sales_person").isEmpty();

            // a copied field changed in Salesforce, another locally by plain SQL: both follow, one write each
            t.org().update("Lead", leadId, Map.of("Title", "Head of Sales"));
            tick(t);
            t.execute("UPDATE person SET linkedin_url = 'https://www.linkedin.com/in/someone' WHERE id = ?", person);
            String changed = t.cycle();
            assertThat(sales(t, "SELECT title, linkedin_url FROM sales_person WHERE person_id = ?", person))
                    .containsExactly(row("title", "Head of Sales", "linkedin_url", "https://www.linkedin.com/in/someone"));
            StepRow updates = step(t, changed, SalesFeed.UPDATES);
            assertThat(updates.updated()).isEqualTo(1);
            assertThat(writes(t)).containsExactly("U " + person);

            // changed and changed back before the cycle: logged, compared, not written (skipped)
            t.execute("UPDATE person SET company = 'Other AB' WHERE id = ?", person);
            t.execute("UPDATE person SET company = ? WHERE id = ?", t.org().get("Lead", leadId).orElseThrow()
                    .get("Company"), person);
            String back = t.cycle();
            assertThat(step(t, back, SalesFeed.UPDATES).skipped()).isEqualTo(1);
            assertThat(writes(t)).containsExactly("U " + person);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_person_who_loses_their_owner_leaves_the_copy_and_comes_back_with_one(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(2).get("Id");
            String owner = (String) t.org().get("Lead", leadId).orElseThrow().get("OwnerId");
            long person = Long.parseLong(personOf(t, leadId));
            assertThat(owner).startsWith("005");

            // moved to a queue in Salesforce: no seller any more
            t.org().update("Lead", leadId, Map.of("OwnerId", "00G000000000001EAA"));
            tick(t);
            String queued = t.cycle();
            assertThat(sales(t, "SELECT person_id FROM sales_person WHERE person_id = ?", person)).isEmpty();
            assertThat(step(t, queued, SalesFeed.UPDATES).deleted()).isEqualTo(1);
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sales_person")).containsExactly(row("n", "4"));

            t.org().update("Lead", leadId, Map.of("OwnerId", owner));
            tick(t);
            String back = t.cycle();
            assertThat(step(t, back, SalesFeed.UPDATES).created()).isEqualTo(1);
            assertThat(sales(t, "SELECT sfdc_lead_id FROM sales_person WHERE person_id = ?", person))
                    .containsExactly(row("sfdc_lead_id", leadId));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void two_persons_with_one_email_are_two_rows(Db db) throws Exception {
        try (TestApp t = start(db)) {
            String lead = (String) t.org().all("Lead").get(0).get("Id");
            String contact = (String) t.org().all("Contact").get(1).get("Id");
            t.org().update("Lead", lead, Map.of("Email", "shared@example.com"));
            t.org().update("Contact", contact, Map.of("Email", "shared@example.com"));

            t.cycle();

            assertThat(sales(t, "SELECT sfdc_lead_id, sfdc_contact_id FROM sales_person WHERE email = ? "
                    + "ORDER BY sfdc_lead_id", "shared@example.com")).containsExactlyInAnyOrder(
                    row("sfdc_lead_id", lead, "sfdc_contact_id", null), row("sfdc_lead_id", null, "sfdc_contact_id", contact));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_initial_copy_shows_its_counts_growing_against_the_expected_number_in_the_status_log(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            SalesFeed feed = t.app().salesApp().feed();
            feed.useChunk(2);
            List<String> seen = new ArrayList<>();
            feed.onProgress(p -> {
                try {
                    StepRow running = t.app().stepLog().get(p.stepId()).orElseThrow();
                    seen.add(running.status() + " " + running.created() + "/" + running.expected() + " done " + p.done()
                            + " of " + p.expected() + (p.perSecond() > 0 ? " rate" : " no rate"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            String cycle = t.cycle();

            assertThat(seen).containsExactly("In Progress 2/5 done 2 of 5 rate", "In Progress 4/5 done 4 of 5 rate",
                    "In Progress 5/5 done 5 of 5 rate");
            assertThat(step(t, cycle, SalesFeed.COPY).status()).isEqualTo("Completed");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void turned_off_and_on_again_or_pointed_at_another_database_of_either_vendor_the_feed_copies_anew(Db db)
            throws Exception {
        Properties on = config(db, data, postgres, salesPostgres, "sfsync.objects", "Lead,Contact",
                "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "2");
        // (each start here has a fresh emulator, whose pull brings the seeded records back as they were seeded: the
        // changes made while the feed is off are to what no pull writes)
        long changed;
        long local;
        try (TestApp t = TestApp.start(on)) {
            t.execute("INSERT INTO person (person_type, last_name, sfdc_owner_id, sf_pull_rev) VALUES ('Lead', "
                    + "'Local only', '005000000000001AAA', 1)");
            t.cycle();
            changed = Long.parseLong(personOf(t, (String) t.org().all("Lead").get(0).get("Id")));
            local = Long.parseLong((String) t.rows("SELECT id FROM person WHERE last_name = 'Local only'").get(0)
                    .get("id"));
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sales_person")).containsExactly(row("n", 6));
        }
        Properties off = new Properties();
        off.putAll(on);
        off.setProperty("sfsync.sales-app.enabled", "false");
        try (TestApp t = TestApp.start(off)) {
            assertThat(t.count("SELECT COUNT(*) FROM information_schema.triggers WHERE LOWER(trigger_name) LIKE "
                    + "'salesfeed_person_%'")).isZero();
            t.execute("UPDATE person SET linkedin_url = 'https://www.linkedin.com/in/changed-while-off' WHERE id = ?",
                    changed);
            t.execute("UPDATE person SET sfdc_owner_id = NULL WHERE id = ?", local);
            String cycle = t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM sales_feed_change")).isZero();
            assertThat(t.app().stepLog().cycle(cycle)).noneMatch(s -> s.object().equals(SalesFeed.OBJECT));
        }
        try (TestApp t = TestApp.start(on)) {
            recordWrites(t, db);
            String cycle = t.cycle();
            StepRow copy = step(t, cycle, SalesFeed.COPY);
            assertThat(List.of(copy.created(), copy.updated(), copy.deleted(), copy.skipped())).containsExactly(0, 1, 1, 4);
            assertThat(writes(t)).containsExactlyInAnyOrder("U " + changed, "D " + local);
            assertThat(sales(t, "SELECT linkedin_url FROM sales_person WHERE person_id = ?", changed))
                    .containsExactly(row("linkedin_url", "https://www.linkedin.com/in/changed-while-off"));
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sales_person")).containsExactly(row("n", 5));
        }
        // another sales-app database, of the other vendor, that already holds a table of the sales app's own
        Properties other = new Properties();
        other.putAll(on);
        if (db == Db.HSQLDB) {
            otherSalesPostgres.sql("CREATE TABLE " + otherSalesPostgres.name() + ".sellers (id INTEGER PRIMARY KEY)");
            other.setProperty("sfsync.sales-app.db.url", PostgresSchema.SERVER + "?currentSchema=" + otherSalesPostgres.name());
            other.setProperty("sfsync.sales-app.db.username", PostgresSchema.USER);
        } else {
            String url = "jdbc:hsqldb:file:" + data.resolve("other-sales-app").resolve("salesapp") + ";shutdown=true";
            try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE sellers (id INTEGER PRIMARY KEY)");
            }
            other.setProperty("sfsync.sales-app.db.url", url);
            other.setProperty("sfsync.sales-app.db.username", "SA");
        }
        try (TestApp t = TestApp.start(other)) {
            String cycle = t.cycle();
            assertThat(step(t, cycle, SalesFeed.COPY).created()).isEqualTo(5);
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sales_person")).containsExactly(row("n", 5));
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sellers")).containsExactly(row("n", 0));
        }
    }

    @Test
    void a_sales_app_database_sfsync_cannot_use_stops_start_up_naming_the_key() {
        Properties p = TestApp.config(data, "sfsync.sales-app.enabled", "true", "sfsync.sales-app.db.url",
                "jdbc:mysql://127.0.0.1/sales");
        assertThatThrownBy(() -> TestApp.start(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot open the sales-app database jdbc:mysql://127.0.0.1/sales (sfsync.sales-app.db.url): "
                        + "sfsync supports HSQLDB (jdbc:hsqldb:...) and PostgreSQL (jdbc:postgresql://...)");
        Properties unknownType = TestApp.config(data, "sfsync.sales-app.enabled", "true",
                "sfsync.sales-app.task-activity-types", "Send Sales Email,Fax Sent");
        assertThatThrownBy(() -> TestApp.start(unknownType))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration key 'sfsync.sales-app.task-activity-types': 'Fax Sent' is no sales "
                        + "activity type");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static int total(StepRow s) {
        return s.created() + s.updated() + s.deleted() + s.failed() + s.skipped();
    }

    static void tick(TestApp t) {
        t.org().clock().advance(Duration.ofSeconds(2));
    }

    static String personOf(TestApp t, String sfId) throws SQLException {
        return (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ? OR sfdc_contact_id = ?", sfId, sfId).get(0)
                .get("id");
    }

    static StepRow step(TestApp t, String cycle, String operation) throws SQLException {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(SalesFeed.OBJECT) && s.operation().equals(operation)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + operation + " in cycle " + cycle));
    }

    /** Rows of the sales-app database, every value as text, column names in lower case. */
    static List<Map<String, Object>> sales(TestApp t, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = t.app().salesApp().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        r.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    static int salesExecute(TestApp t, String sql, Object... params) throws SQLException {
        try (Connection c = t.app().salesApp().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static List<String> columns(TestApp t) throws SQLException {
        try (Connection c = t.app().salesApp().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM sales_person WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return out;
        }
    }

    private static List<String> primaryKey(TestApp t) throws SQLException {
        try (Connection c = t.app().salesApp().database().dataSource().getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            String table = md.storesUpperCaseIdentifiers() ? "SALES_PERSON" : "sales_person";
            List<String> out = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, c.getSchema(), table)) {
                while (rs.next()) {
                    out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return out;
        }
    }

    /**
     * A recorder of every write to sales_person, as the sales app's own trigger would see it (test set-up: a table and
     * triggers in the sales-app database); {@link #writes} reads it.
     */
    private static void recordWrites(TestApp t, Db db) throws SQLException {
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE test_writes (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, what VARCHAR(40))");
        if (db == Db.HSQLDB) {
            ddl.add("CREATE TRIGGER test_ins AFTER INSERT ON sales_person REFERENCING NEW ROW AS n FOR EACH ROW "
                    + "INSERT INTO test_writes (what) VALUES ('I ' || CAST(n.person_id AS VARCHAR(20)))");
            ddl.add("CREATE TRIGGER test_upd AFTER UPDATE ON sales_person REFERENCING NEW ROW AS n FOR EACH ROW "
                    + "INSERT INTO test_writes (what) VALUES ('U ' || CAST(n.person_id AS VARCHAR(20)))");
            ddl.add("CREATE TRIGGER test_del AFTER DELETE ON sales_person REFERENCING OLD ROW AS o FOR EACH ROW "
                    + "INSERT INTO test_writes (what) VALUES ('D ' || CAST(o.person_id AS VARCHAR(20)))");
        } else {
            ddl.add("CREATE FUNCTION test_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "INSERT INTO test_writes (what) VALUES (substr(TG_OP, 1, 1) || ' ' || "
                    + "COALESCE(NEW.person_id, OLD.person_id)); RETURN NULL; END $$");
            ddl.add("CREATE TRIGGER test_write AFTER INSERT OR UPDATE OR DELETE ON sales_person FOR EACH ROW "
                    + "EXECUTE FUNCTION test_write()");
        }
        try (Connection c = t.app().salesApp().database().dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
        }
    }

    private static List<String> writes(TestApp t) throws SQLException {
        return sales(t, "SELECT what FROM test_writes ORDER BY id").stream().map(r -> (String) r.get("what")).toList();
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1] == null ? null : String.valueOf(kv[i + 1]));
        }
        return out;
    }
}
