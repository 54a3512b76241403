package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.Access;
import io.sfsync.emulator.ConvertOptions;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.status.StepRow;
import io.sfsync.store.TableSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.sfsync.testing.PostgresSchema;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push New and Push Updates against the emulator through camel-salesforce, on HSQLDB and on PostgreSQL: what reaches
 * Salesforce, what is written back, what becomes a dead letter, and how many calls it takes.
 */
class PushTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_push_");

    @TempDir
    Path data;

    private TestApp start(Db db, String... keyValues) throws Exception {
        List<String> kv = new java.util.ArrayList<>(List.of("sfsync.objects", "Lead,Contact",
                "sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "3"));
        kv.addAll(List.of(keyValues));
        String[] all = kv.toArray(String[]::new);
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, all) : postgres.appConfig(data, all));
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_new_local_person_becomes_a_lead_and_its_id_is_written_back(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, first_name, last_name, company, city, state) "
                    + "VALUES ('Lead', 'Ada', 'Lovelace', 'Analytical Engines', 'London', 'CA')");
            String cycle = t.cycle();

            StepRow pushNew = step(t, cycle, "Lead", "Push New");
            assertThat(pushNew.status()).isEqualTo("Completed");
            assertThat(pushNew.created()).isEqualTo(1);
            List<Map<String, Object>> row = t.rows("SELECT id, sfdc_lead_id FROM person WHERE last_name = 'Lovelace'");
            String leadId = (String) row.get(0).get("sfdc_lead_id");
            assertThat(leadId).startsWith("00Q");
            Map<String, Object> lead = t.org().get("Lead", leadId).orElseThrow();
            assertThat(lead).containsEntry("FirstName", "Ada").containsEntry("Company", "Analytical Engines")
                    .containsEntry("City", "London").containsEntry("State", "California");
            assertThat((String) lead.get("Sfsync_Id__c")).endsWith(".person." + row.get(0).get("id"));

            t.org().clock().advance(Duration.ofMinutes(1));
            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push New").created()).isZero();
            assertThat(t.org().all("Lead").stream().filter(l -> "Lovelace".equals(l.get("LastName")))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_local_change_pushes_only_its_changed_fields(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id, title FROM person WHERE person_type = 'Lead' ORDER BY id")
                    .get(0);
            String leadId = (String) row.get("sfdc_lead_id");
            t.org().update("Lead", leadId, Map.of("Title", "Changed in Salesforce"));
            t.execute("UPDATE person SET city = 'Oslo' WHERE id = " + id(row));
            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(1);
            Map<String, Object> lead = t.org().get("Lead", leadId).orElseThrow();
            assertThat(lead).containsEntry("City", "Oslo").containsEntry("Title", "Changed in Salesforce");
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", id(row)))
                    .containsExactly(Map.of("status", "Pushed"));
        }
    }

    private static long id(Map<String, Object> row) {
        return Long.parseLong((String) row.get("id"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void records_salesforce_refuses_become_dead_letters_and_the_others_are_pushed(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id");
            t.org().addValidationRule("Lead", "City", "City must not be Nowhere", FieldCondition.notEqualTo("Nowhere"));
            t.org().setFieldAccess("Lead", "Rating", Access.READ_ONLY);
            t.execute("UPDATE person SET city = 'Nowhere' WHERE id = ?", id(leads.get(0)));
            t.execute("UPDATE person SET last_name = NULL WHERE id = ?", id(leads.get(1)));
            t.execute("UPDATE person SET rating = 'Hot' WHERE id = ?", id(leads.get(2)));
            t.execute("UPDATE person SET city = 'Bergen' WHERE id = ?", id(leads.get(3)));

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(1);
            assertThat(push.failed()).isEqualTo(3);
            assertThat(t.org().get("Lead", (String) leads.get(3).get("sfdc_lead_id")).orElseThrow()).containsEntry("City", "Bergen");
            List<Map<String, Object>> letters = t.rows("SELECT record_id, error_code, error_message, payload, operation "
                    + "FROM dead_letter ORDER BY id");
            assertThat(letters).extracting(l -> l.get("record_id") + " " + l.get("error_code")).containsExactly(
                    leads.get(0).get("sfdc_lead_id") + " FIELD_CUSTOM_VALIDATION_EXCEPTION",
                    leads.get(1).get("sfdc_lead_id") + " REQUIRED_FIELD_MISSING",
                    leads.get(2).get("sfdc_lead_id") + " INVALID_FIELD_FOR_INSERT_UPDATE");
            assertThat(letters).allSatisfy(l -> assertThat(l).containsEntry("operation", "Push Updates"));
            assertThat((String) letters.get(0).get("error_message")).contains("City must not be Nowhere");
            assertThat((String) letters.get(0).get("payload")).contains("\"City\":\"Nowhere\"");
            assertThat((String) letters.get(1).get("error_message")).contains("LastName");
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", id(leads.get(0))))
                    .containsExactly(Map.of("status", "Failed"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void two_hundred_and_fifty_changes_go_in_two_collection_calls(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "250",
                "sfsync.salesforce.emulator.seed-contacts", "0")) {
            t.cycle();
            for (Map<String, Object> row : t.rows("SELECT id FROM person")) {
                t.execute("UPDATE person SET title = ? WHERE id = ?", "Pushed " + id(row), id(row));
            }
            long before = t.org().apiCallsByEndpoint().getOrDefault("composite/sobjects", 0L);

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead", "Push Updates").updated()).isEqualTo(250);
            assertThat(t.org().apiCallsByEndpoint().getOrDefault("composite/sobjects", 0L) - before).isEqualTo(2);
            assertThat(t.org().all("Lead")).allSatisfy(l -> assertThat((String) l.get("Title")).startsWith("Pushed "));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_create_repeated_after_a_crash_finds_the_record_by_its_external_id(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Hopper', 'Navy')");
            long rowId = id(t.rows("SELECT id FROM person WHERE last_name = 'Hopper'").get(0));
            String key = t.rows("SELECT database_key FROM sync_database").get(0).get("database_key") + ".person." + rowId;
            // The state a crash leaves between Salesforce's answer and the bookkeeping: the Lead exists, the row has no id.
            String created = (String) t.org().create("Lead", Map.of("LastName", "Hopper", "Company", "Navy",
                    "Sfsync_Id__c", key)).get("Id");

            String cycle = t.cycle();

            // The pull reads the record back, recognises its key and links it to the row: nothing is created twice.
            assertThat(step(t, cycle, "Lead", "Pull Updates").updated()).isEqualTo(1);
            assertThat(step(t, cycle, "Lead", "Pull Updates").created()).isZero();
            assertThat(step(t, cycle, "Lead", "Push New").created()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE last_name = 'Hopper'")).isEqualTo(1);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", rowId))
                    .containsExactly(Map.of("sfdc_lead_id", created));
            assertThat(t.org().all("Lead").stream().filter(l -> "Hopper".equals(l.get("LastName")))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void without_an_external_id_a_create_whose_outcome_is_unknown_is_not_repeated(Db db) throws Exception {
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(Path.of("mappings/lead.yaml"))
                .replace("external-id: Sfsync_Id__c\n", ""));
        try (TestApp t = start(db, "sfsync.objects", "Lead", "sfsync.mappings-dir", mappings.toString())) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Turing', 'Bletchley')");
            long rowId = id(t.rows("SELECT id FROM person WHERE last_name = 'Turing'").get(0));
            // What a process that stopped after sending the create, and before recording the answer, leaves behind.
            t.execute("INSERT INTO sync_push_create (table_name, row_id, object_name, step_id) VALUES ('person', ?, 'Lead', 0)",
                    rowId);

            String cycle = t.cycle();

            StepRow pushNew = step(t, cycle, "Lead", "Push New");
            assertThat(pushNew.created()).isZero();
            assertThat(pushNew.failed()).isEqualTo(1);
            assertThat(t.rows("SELECT record_id, error_code, status FROM dead_letter")).containsExactly(
                    Map.of("record_id", "person." + rowId, "error_code", "CREATE_OUTCOME_UNKNOWN", "status", "New"));
            assertThat(t.org().all("Lead").stream().filter(l -> "Turing".equals(l.get("LastName")))).isEmpty();
            assertThat(step(t, t.cycle(), "Lead", "Push New").created()).isZero();

            // Checked in Salesforce, not there: once the dead letter is discarded, the next cycle creates it.
            t.execute("UPDATE dead_letter SET status = 'Discarded'");
            assertThat(step(t, t.cycle(), "Lead", "Push New").created()).isEqualTo(1);
            assertThat(t.org().all("Lead").stream().filter(l -> "Turing".equals(l.get("LastName")))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_record_salesforce_cannot_lock_is_sent_again_and_a_lasting_lock_becomes_a_dead_letter(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id");
            String briefly = (String) leads.get(0).get("sfdc_lead_id");
            String lasting = (String) leads.get(1).get("sfdc_lead_id");
            for (Map<String, Object> lead : leads.subList(0, 2)) {
                t.execute("UPDATE person SET city = 'Locked' WHERE id = ?", id(lead));
            }
            t.org().lockRecord("Lead", briefly, 2);
            t.org().lockRecord("Lead", lasting, 50);

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.updated()).isEqualTo(1);
            assertThat(push.failed()).isEqualTo(1);
            assertThat(t.org().get("Lead", briefly).orElseThrow()).containsEntry("City", "Locked");
            assertThat(t.rows("SELECT record_id, error_code, error_message FROM dead_letter")).singleElement()
                    .satisfies(l -> {
                        assertThat(l).containsEntry("record_id", lasting).containsEntry("error_code", "UNABLE_TO_LOCK_ROW");
                        assertThat((String) l.get("error_message")).contains("after 4 attempts");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_create_whose_answer_is_lost_is_sent_again_by_its_external_id_without_a_duplicate(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Lamarr', 'MGM')");
            t.org().dropAnswerAfterHandling(1, "/composite/sobjects");

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead", "Push New").status()).isEqualTo("Completed");
            assertThat(step(t, cycle, "Lead", "Push New").created()).isEqualTo(1);
            List<Map<String, Object>> inSalesforce = t.org().all("Lead").stream()
                    .filter(l -> "Lamarr".equals(l.get("LastName"))).toList();
            assertThat(inSalesforce).hasSize(1);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE last_name = 'Lamarr'"))
                    .containsExactly(Map.of("sfdc_lead_id", inSalesforce.get(0).get("Id")));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void without_an_external_id_a_create_whose_answer_is_lost_is_not_sent_again(Db db) throws Exception {
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(Path.of("mappings/lead.yaml"))
                .replace("external-id: Sfsync_Id__c\n", ""));
        try (TestApp t = start(db, "sfsync.objects", "Lead", "sfsync.mappings-dir", mappings.toString())) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Lamarr', 'MGM')");
            t.org().dropAnswerAfterHandling(1, "/composite/sobjects");

            String cycle = t.cycle();

            StepRow failed = step(t, cycle, "Lead", "Push New");
            assertThat(failed.status()).isEqualTo("Failed");
            assertThat(failed.message()).contains("not sent again");
            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push New").failed()).isEqualTo(1);
            assertThat(t.rows("SELECT error_code FROM dead_letter"))
                    .containsExactly(Map.of("error_code", "CREATE_OUTCOME_UNKNOWN"));
            assertThat(t.org().all("Lead").stream().filter(l -> "Lamarr".equals(l.get("LastName")))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_change_to_a_converted_leads_row_goes_to_its_contact(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0);
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead((String) row.get("sfdc_lead_id"),
                    ConvertOptions.defaults().withoutOpportunity());
            t.cycle();
            t.execute("UPDATE person SET city = 'Converted City' WHERE id = ?", id(row));

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Contact", "Push Updates").updated()).isEqualTo(1);
            assertThat(step(t, cycle, "Lead", "Push Updates").updated()).isZero();
            assertThat(t.org().get("Contact", converted.contactId()).orElseThrow()).containsEntry("MailingCity", "Converted City");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_push_step_that_fails_as_a_whole_leaves_its_changes_open_for_the_next_cycle(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0);
            t.execute("UPDATE person SET city = 'Later' WHERE id = ?", id(row));
            // Salesforce is unavailable for the first call and every retry of it.
            t.org().failNext(4, "/composite/sobjects", 503, "SERVER_UNAVAILABLE", "Server is unavailable");

            String failed = t.cycle();

            StepRow push = step(t, failed, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Failed");
            assertThat(push.message()).contains("SERVER_UNAVAILABLE").contains("stay open for the next cycle");
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", id(row))).containsExactly(Map.of("status", "Open"));

            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push Updates").updated()).isEqualTo(1);
            assertThat(t.org().get("Lead", (String) row.get("sfdc_lead_id")).orElseThrow()).containsEntry("City", "Later");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_idle_cycle_makes_no_push_call(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Long> before = t.org().apiCallsByEndpoint();

            String idle = t.cycle();

            assertThat(t.app().stepLog().cycle(idle)).filteredOn(s -> s.operation().startsWith("Push"))
                    .hasSize(4).allSatisfy(s -> assertThat(s.status()).isEqualTo("Completed"));
            Map<String, Long> after = t.org().apiCallsByEndpoint();
            assertThat(after.getOrDefault("composite/sobjects", 0L)).isEqualTo(before.getOrDefault("composite/sobjects", 0L));
            assertThat(after.getOrDefault("jobs/ingest", 0L)).isEqualTo(before.getOrDefault("jobs/ingest", 0L));
        }
    }

    /**
     * Push New's rows of one type without a Salesforce id, among rows of the other type: on a person table of many Leads,
     * finding the new Contacts must not read every Lead (on HSQLDB it read them through the NULL entries of
     * sfdc_contact_id's unique index). Rows change type (a conversion) and get their id; the condition follows.
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void push_new_finds_the_rows_of_its_type_without_an_id_through_an_index_of_just_those_rows(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Newlead', 'Acme')");
            t.execute("INSERT INTO person (person_type, last_name) VALUES ('Contact', 'Newcontact')");
            Map<String, ObjectMapping> mappings = MappingLoader.loadDirectory(Path.of("mappings"));
            try (Connection c = t.app().dataSource().getConnection()) {
                TableSchema person = TableSchema.read(c, "person");
                ObjectMapping lead = mappings.get("Lead");
                ObjectMapping contact = mappings.get("Contact");
                assertThat(names(c, lead, person)).containsExactly("Newlead");
                assertThat(names(c, contact, person)).containsExactly("Newcontact");

                // the new Lead converted locally: a Contact without a Contact id, no longer a Lead without a Lead id
                t.execute("UPDATE person SET person_type = 'Contact' WHERE last_name = 'Newlead'");
                assertThat(names(c, lead, person)).isEmpty();
                assertThat(names(c, contact, person)).containsExactly("Newcontact", "Newlead");
                t.execute("UPDATE person SET sfdc_contact_id = '003000000000NEW' WHERE last_name = 'Newcontact'");
                assertThat(names(c, contact, person)).containsExactly("Newlead");

                for (ObjectMapping m : List.of(lead, contact)) {
                    String plan = plan(c, db, "SELECT t.id FROM person t WHERE " + PushNew.withoutId(m, person)
                            + " AND t.sf_deleted_at IS NULL ORDER BY t.id", m.object());
                    assertThat(plan).as(m.object()).containsIgnoringCase(db == Db.HSQLDB
                            ? "person_without_" + m.idColumn() + "_idx"
                            : "person_" + m.object().toLowerCase(Locale.ROOT) + "_without_id_idx");
                }
            }
        }
    }

    private static List<String> names(Connection c, ObjectMapping m, TableSchema table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.last_name FROM " + m.table() + " t WHERE "
                + PushNew.withoutId(m, table) + " ORDER BY t.last_name")) {
            ps.setString(1, m.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The database's plan for the query with its one parameter: HSQLDB's EXPLAIN PLAN (which takes no parameters, and
     * whose planner looks at no values: the type is written in), or PostgreSQL's with reading the table kept as a last
     * resort (its statistics would choose that for a table of a few rows).
     */
    private static String plan(Connection c, Db db, String query, String type) throws SQLException {
        if (db == Db.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
            }
        }
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(db == Db.HSQLDB
                ? "EXPLAIN PLAN FOR " + query.replace("?", "'" + type + "'") : "EXPLAIN " + query)) {
            if (db == Db.POSTGRESQL) {
                ps.setString(1, type);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
