package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.app.SfsyncApplication;
import io.sfsync.mapping.MappingException;
import io.sfsync.status.StepRow;
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
        try (TestApp t = TestApp.start(config(db, Path.of("mappings")))) {
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
        }
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
            JsonNode report = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + config.getProperty("camel.server.port") + "/api/sync-now?table=person&id=" + turing))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0);
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
