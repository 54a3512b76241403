package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.app.SfsyncApplication;
import io.sfsync.deadletter.ReplayOutcome;
import io.sfsync.mapping.MappingException;
import io.sfsync.status.StepRow;
import io.sfsync.testing.DeadLetterFixture;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Value mapping both ways on HSQLDB and PostgreSQL, through the real application and the emulator: {@code pull-values}
 * (S10 on the way in: Salesforce's "California" is the local "CA", and a round trip changes nothing) and
 * {@code push-only-when} (S11: which rows a push sends).
 */
class MappingValuesSyncTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_values_");

    @TempDir
    Path data;

    /** The bundled mappings, lead.yaml changed by {@code edit} (from, to, from, to, ...). */
    private Path mappings(String... edit) throws Exception {
        Path dir = Files.createDirectories(data.resolve("mappings"));
        String lead = Files.readString(Path.of("mappings/lead.yaml"));
        for (int i = 0; i + 1 < edit.length; i += 2) {
            assertThat(lead).contains(edit[i]);
            lead = lead.replace(edit[i], edit[i + 1]);
        }
        Files.writeString(dir.resolve("lead.yaml"), lead);
        return dir;
    }

    private Properties config(Db db, Path mappings) {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.mappings-dir", mappings.toString(),
            "sfsync.salesforce.emulator.seed-leads", "0", "sfsync.salesforce.emulator.seed-contacts", "0"};
        return db == Db.HSQLDB ? TestApp.config(data.resolve("db"), kv) : postgres.appConfig(data.resolve("db"), kv);
    }

    private static StepRow step(TestApp t, String cycle, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static Map<String, Object> row(TestApp t, String leadId) throws Exception {
        return t.rows("SELECT id, state, title, city FROM person WHERE sfdc_lead_id = ?", leadId).get(0);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_salesforce_state_is_pulled_as_its_local_code_and_a_round_trip_changes_nothing(Db db) throws Exception {
        // the bundled lead.yaml: State has push-values { CA: California, NY: New York, TX: Texas }, pull-values: inverse
        Properties config = config(db, Path.of("mappings"));
        try (TestApp t = TestApp.start(config)) {
            String curie = (String) t.org().create("Lead", Map.of("LastName", "Curie", "Company", "Radium",
                    "State", "California")).get("Id");
            String hopper = (String) t.org().create("Lead", Map.of("LastName", "Hopper", "Company", "Navy",
                    "State", "Oregon")).get("Id");
            String first = t.cycle();
            assertThat(step(t, first, "Pull Updates").created()).isEqualTo(2);
            assertThat(row(t, curie)).containsEntry("state", "CA");
            assertThat(row(t, hopper)).containsEntry("state", "Oregon"); // not listed: as Salesforce has it

            // Salesforce touches the record without changing a mapped field: its "California" is the row's "CA"
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", curie, Map.of("Description", "touched"));
            String touched = t.cycle();
            StepRow pull = step(t, touched, "Pull Updates");
            assertThat(pull.updated()).isZero();
            assertThat(pull.skipped()).isEqualTo(1);
            assertThat(row(t, curie)).containsEntry("state", "CA");

            // a local change is pushed normalised, and reading it back changes nothing
            long rowId = Long.parseLong((String) row(t, curie).get("id"));
            t.execute("UPDATE person SET state = 'NY' WHERE id = ?", rowId);
            t.org().clock().advance(Duration.ofMinutes(1));
            String pushed = t.cycle();
            assertThat(step(t, pushed, "Push Updates").updated()).isEqualTo(1);
            assertThat(t.org().get("Lead", curie).orElseThrow()).containsEntry("State", "New York");
            t.org().clock().advance(Duration.ofMinutes(1));
            String readBack = t.cycle();
            assertThat(step(t, readBack, "Pull Updates").updated()).isZero();
            assertThat(step(t, readBack, "Pull Updates").skipped()).isEqualTo(1);
            assertThat(row(t, curie)).containsEntry("state", "NY");

            // a local change met by a pull of the same record (Salesforce changed another field): Salesforce's
            // "New York" is still the value the local change started from, so the local one stays: no conflict
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", curie, Map.of("Title", "Professor"));
            t.execute("UPDATE person SET state = 'TX' WHERE id = ?", rowId);
            t.cycle();
            assertThat(row(t, curie)).containsEntry("state", "TX").containsEntry("title", "Professor");
            assertThat(t.org().get("Lead", curie).orElseThrow()).containsEntry("State", "Texas");
            assertThat(t.count("SELECT COUNT(*) FROM sync_conflict")).isZero();

            // a priority sync's pull-back reads "California" as the "CA" it just pushed
            t.execute("UPDATE person SET state = 'CA' WHERE id = ?", rowId);
            JsonNode report = syncNow(config, rowId);
            assertThat(report.get("pushed").get("updated").asInt()).isEqualTo(1);
            assertThat(report.get("pulledBack").asText()).isEqualTo("unchanged");
            assertThat(t.org().get("Lead", curie).orElseThrow()).containsEntry("State", "California");
            assertThat(row(t, curie)).containsEntry("state", "CA");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_replayed_pull_dead_letter_is_written_with_pull_values(Db db) throws Exception {
        // Company into the 80-character state column: a long name cannot be stored (as testing/DeadLetterFixture)
        Path mappings = Files.createDirectories(data.resolve("narrow"));
        Files.writeString(mappings.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Company,  column: state }
                  - { sf: State,    column: city, pull-values: { California: CA } }
                """);
        try (TestApp t = TestApp.start(config(db, mappings))) {
            String id = (String) t.org().create("Lead", Map.of("LastName", "Long", "Company", DeadLetterFixture.TOO_LONG,
                    "State", "California")).get("Id");
            t.cycle();
            long letter = Long.parseLong((String) t.rows("SELECT id FROM dead_letter WHERE record_id = ?", id).get(0).get("id"));
            DeadLetterFixture.widenState(t.app().dataSource());

            assertThat(t.app().deadLetters().replay(letter).result()).isEqualTo(ReplayOutcome.Result.REPLAYED);
            assertThat(t.rows("SELECT city FROM person WHERE sfdc_lead_id = ?", id)).containsExactly(Map.of("city", "CA"));
        }
    }

    private static JsonNode syncNow(Properties config, long rowId) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + config.getProperty("camel.server.port") + "/api/sync-now?table=person&id=" + rowId))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void without_pull_values_the_salesforce_value_is_written_as_it_is(Db db) throws Exception {
        Path mappings = mappings(", pull-values: inverse }", " }");
        try (TestApp t = TestApp.start(config(db, mappings))) {
            String curie = (String) t.org().create("Lead", Map.of("LastName", "Curie", "Company", "Radium",
                    "State", "California")).get("Id");
            t.cycle();
            assertThat(row(t, curie)).containsEntry("state", "California");

            long rowId = Long.parseLong((String) row(t, curie).get("id"));
            t.execute("UPDATE person SET state = 'NY' WHERE id = ?", rowId);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.cycle();
            assertThat(t.org().get("Lead", curie).orElseThrow()).containsEntry("State", "New York");
            t.org().clock().advance(Duration.ofMinutes(1));
            String readBack = t.cycle();
            // push-values alone: Salesforce's value comes back as it is and rewrites the row
            assertThat(step(t, readBack, "Pull Updates").updated()).isEqualTo(1);
            assertThat(row(t, curie)).containsEntry("state", "New York");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void push_only_when_sends_only_rows_whose_column_holds_a_listed_value(Db db) throws Exception {
        Path mappings = mappings("external-id: Sfsync_Id__c\n",
                "external-id: Sfsync_Id__c\npush-only-when: { column: lead_source, in: [Web] }\n");
        String reason = "lead_source 'Phone Inquiry' is not in push-only-when of ";
        Properties config = config(db, mappings);
        try (TestApp t = TestApp.start(config)) {
            String webLead = (String) t.org().create("Lead", Map.of("LastName", "Web", "Company", "A",
                    "LeadSource", "Web")).get("Id");
            String phoneLead = (String) t.org().create("Lead", Map.of("LastName", "Phone", "Company", "B",
                    "LeadSource", "Phone Inquiry")).get("Id");
            t.cycle();

            // Push New: the Web row is created, the Phone Inquiry row is skipped with the reason
            t.execute("INSERT INTO person (person_type, last_name, company, lead_source) VALUES ('Lead', 'Lovelace', "
                    + "'Engines', 'Web')");
            t.execute("INSERT INTO person (person_type, last_name, company, lead_source) VALUES ('Lead', 'Babbage', "
                    + "'Engines', 'Phone Inquiry')");
            t.org().clock().advance(Duration.ofMinutes(1));
            String created = t.cycle();
            StepRow pushNew = step(t, created, "Push New");
            assertThat(pushNew.status()).isEqualTo("Completed");
            assertThat(pushNew.created()).isEqualTo(1);
            assertThat(pushNew.skipped()).isEqualTo(1);
            assertThat(pushNew.message()).contains("skipped: " + reason).contains("lead.yaml");
            assertThat(t.org().all("Lead")).extracting(l -> l.get("LastName"))
                    .containsExactlyInAnyOrder("Web", "Phone", "Lovelace");
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE last_name = 'Babbage'").get(0).get("sfdc_lead_id"))
                    .isNull();
            List<Map<String, Object>> babbageChanges = t.rows("SELECT c.status, c.message FROM sync_change c JOIN person p "
                    + "ON p.id = c.row_id WHERE p.last_name = 'Babbage'");
            assertThat(babbageChanges).isNotEmpty().allSatisfy(c -> {
                assertThat(c).containsEntry("status", "Superseded");
                assertThat((String) c.get("message")).startsWith(reason);
            });

            // its changes are closed: the next cycle neither sends nor counts it again
            t.org().clock().advance(Duration.ofMinutes(1));
            String idle = t.cycle();
            assertThat(step(t, idle, "Push New").created()).isZero();
            assertThat(step(t, idle, "Push New").skipped()).isZero();

            // Push Updates: a change to the Web Lead is sent, one to the Phone Inquiry Lead is skipped
            t.execute("UPDATE person SET city = 'Oslo' WHERE sfdc_lead_id IN (?, ?)", webLead, phoneLead);
            t.org().clock().advance(Duration.ofMinutes(1));
            String updated = t.cycle();
            StepRow pushUpdates = step(t, updated, "Push Updates");
            assertThat(pushUpdates.updated()).isEqualTo(1);
            assertThat(pushUpdates.skipped()).isEqualTo(1);
            assertThat(pushUpdates.message()).contains("skipped: " + reason);
            assertThat(t.org().get("Lead", webLead).orElseThrow()).containsEntry("City", "Oslo");
            assertThat(t.org().get("Lead", phoneLead).orElseThrow().get("City")).isNull();
            assertThat(t.rows("SELECT c.status, c.message FROM sync_change c JOIN person p ON p.id = c.row_id "
                    + "WHERE p.sfdc_lead_id = ?", phoneLead)).singleElement().satisfies(c -> {
                        assertThat(c).containsEntry("status", "Superseded");
                        assertThat((String) c.get("message")).startsWith(reason);
                    });

            // a priority sync of a row it keeps back says so
            long turing = insertLead(t, "Turing", "Other");
            JsonNode report = syncNow(config, turing);
            assertThat(report.get("pushed").get("skipped").asInt()).isEqualTo(1);
            assertThat(report.get("pushed").has("created")).isFalse();

            // a row whose column changes to a listed value is sent
            t.execute("UPDATE person SET lead_source = 'Web' WHERE last_name = 'Babbage'");
            t.org().clock().advance(Duration.ofMinutes(1));
            String admitted = t.cycle();
            assertThat(step(t, admitted, "Push New").created()).isEqualTo(1);
            assertThat(t.org().all("Lead")).extracting(l -> l.get("LastName")).contains("Babbage").doesNotContain("Turing");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void only_the_activity_types_the_mapping_names_are_pushed_as_tasks(Db db) throws Exception {
        // What docs/mappings.md describes: a local activity table of one's own, pushed as Salesforce Tasks
        try (TestApp t = TestApp.start(config(db, Path.of("mappings")))) {
            t.execute("CREATE TABLE sales_activity (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "sfdc_task_id VARCHAR(18) UNIQUE, activity_type VARCHAR(40), subject VARCHAR(255), activity_date DATE, "
                    + "sfdc_who_id VARCHAR(18), updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        }
        Path mappings = mappings();
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                if (!Files.exists(mappings.resolve(f.getFileName()))) {
                    Files.copy(f, mappings.resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(mappings.resolve("task.yaml"), """
                object: Task
                table: sales_activity
                id-column: sfdc_task_id
                push-only-when: { column: activity_type, in: [Send Email, Call] }
                fields:
                  - { sf: Subject,      column: subject,       direction: push }
                  - { sf: ActivityDate, column: activity_date, direction: push }
                  - { sf: WhoId,        column: sfdc_who_id,   direction: push }
                """);
        Properties config = config(db, mappings);
        config.setProperty("sfsync.objects", "Lead,Task");
        try (TestApp t = TestApp.start(config)) {
            String lead = (String) t.org().create("Lead", Map.of("LastName", "Curie", "Company", "Radium")).get("Id");
            String made = (String) t.org().create("Task", Map.of("Subject", "Made in Salesforce")).get("Id");
            t.cycle();
            // a Task made in Salesforce comes in as a row with its id only (no field is pulled)
            assertThat(t.rows("SELECT activity_type, subject FROM sales_activity WHERE sfdc_task_id = ?", made))
                    .singleElement().satisfies(r -> assertThat(r.values()).containsOnlyNulls());
            java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 30);
            for (String[] a : new String[][] {{"Send Email", "Pricing sent"}, {"Open Email", "Pricing opened"},
                {"Call", "Called about pricing"}, {"Click", "Clicked the pricing link"}}) {
                t.execute("INSERT INTO sales_activity (activity_type, subject, activity_date, sfdc_who_id) VALUES (?, ?, ?, ?)",
                        a[0], a[1], day, lead);
            }
            String cycle = t.cycle();

            StepRow pushNew = t.app().stepLog().cycle(cycle).stream()
                    .filter(s -> s.object().equals("Task") && s.operation().equals("Push New")).findFirst().orElseThrow();
            assertThat(pushNew.created()).isEqualTo(2);
            assertThat(pushNew.skipped()).isEqualTo(2);
            assertThat(pushNew.message()).contains("skipped: activity_type 'Open Email' is not in push-only-when of ")
                    .contains("skipped: activity_type 'Click' is not in push-only-when of ");
            assertThat(t.org().all("Task")).extracting(task -> task.get("Subject") + " " + task.get("WhoId")
                    + " " + task.get("ActivityDate")).containsExactlyInAnyOrder("Made in Salesforce null null",
                    "Pricing sent " + lead + " 2026-11-30", "Called about pricing " + lead + " 2026-11-30");
            assertThat(t.rows("SELECT activity_type FROM sales_activity WHERE sfdc_task_id IS NOT NULL AND sfdc_task_id <> ? "
                    + "ORDER BY id", made)).extracting(r -> r.get("activity_type")).containsExactly("Send Email", "Call");
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE table_name = 'sales_activity' AND status = 'Open'"))
                    .isZero();

            // such a row has no activity type: a local change to it is never pushed
            t.execute("UPDATE sales_activity SET subject = 'Changed locally' WHERE sfdc_task_id = ?", made);
            t.org().clock().advance(Duration.ofMinutes(1));
            String next = t.cycle();
            StepRow pushUpdates = t.app().stepLog().cycle(next).stream()
                    .filter(s -> s.object().equals("Task") && s.operation().equals("Push Updates")).findFirst().orElseThrow();
            assertThat(pushUpdates.updated()).isZero();
            assertThat(pushUpdates.skipped()).isEqualTo(1);
            assertThat(pushUpdates.message()).contains("skipped: activity_type is empty, which is not in push-only-when of ");
            assertThat(t.org().get("Task", made).orElseThrow()).containsEntry("Subject", "Made in Salesforce");
        }
    }

    private static long insertLead(TestApp t, String lastName, String leadSource) throws Exception {
        t.execute("INSERT INTO person (person_type, last_name, company, lead_source) VALUES ('Lead', ?, 'Engines', ?)",
                lastName, leadSource);
        return Long.parseLong((String) t.rows("SELECT id FROM person WHERE last_name = ?", lastName).get(0).get("id"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_push_only_when_column_missing_from_the_table_or_a_value_it_cannot_hold_stops_start_up(Db db) throws Exception {
        Path mappings = mappings("external-id: Sfsync_Id__c\n",
                "external-id: Sfsync_Id__c\npush-only-when: { column: lead_sorce, in: [Web] }\n");
        int line = Files.readAllLines(mappings.resolve("lead.yaml")).indexOf(
                "push-only-when: { column: lead_sorce, in: [Web] }") + 1;
        assertThatThrownBy(() -> SfsyncApplication.create(config(db, mappings))).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line " + line + ": push-only-when: column 'lead_sorce' does not exist "
                        + "in table 'person' (did you mean 'lead_source'?)");

        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(mappings.resolve("lead.yaml"))
                .replace("{ column: lead_sorce, in: [Web] }", "{ column: number_of_employees, in: [10, many] }"));
        assertThatThrownBy(() -> SfsyncApplication.create(config(db, mappings))).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line " + line + ": push-only-when: 'many' cannot be a value of column "
                        + "'number_of_employees' (number)")
                .hasMessageNotContaining("'10'");
    }
}
