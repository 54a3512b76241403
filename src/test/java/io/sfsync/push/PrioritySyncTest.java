package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.status.StepRow;
import io.sfsync.testing.Cli;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Priority sync (S8) over the admin API: one row pushed now and pulled back, never at the same time as the cycle's steps. */
class PrioritySyncTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_priority_");

    @TempDir
    Path data;

    private Properties config(Db db) {
        String[] kv = {"sfsync.objects", "Lead,Contact", "sfsync.salesforce.emulator.seed-leads", "5",
            "sfsync.salesforce.emulator.seed-contacts", "3"};
        return db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
    }

    private static HttpResponse<String> syncNow(Properties config, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.getProperty("camel.server.port")
                + "/api/sync-now?" + query)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_new_row_and_a_changed_row_are_pushed_at_once_and_pulled_back(Db db) throws Exception {
        Properties config = config(db);
        try (TestApp t = TestApp.start(config)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company, email) VALUES ('Lead', 'Noether', 'Erlangen', "
                    + "'emmy@example.org')");
            long rowId = Long.parseLong((String) t.rows("SELECT id FROM person WHERE last_name = 'Noether'").get(0).get("id"));

            HttpResponse<String> created = syncNow(config, "table=person&id=" + rowId);

            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(created.body()).get(0);
            assertThat(report.get("object").asText()).isEqualTo("Lead");
            assertThat(report.get("pushed").get("created").asInt()).isEqualTo(1);
            String leadId = report.get("salesforceId").asText();
            assertThat(t.org().get("Lead", leadId).orElseThrow()).containsEntry("LastName", "Noether");
            assertThat(t.rows("SELECT sfdc_lead_id, lead_status FROM person WHERE id = ?", rowId).get(0))
                    .containsEntry("sfdc_lead_id", leadId)
                    .containsEntry("lead_status", (String) t.org().get("Lead", leadId).orElseThrow().get("Status"));

            t.execute("UPDATE person SET city = 'Göttingen' WHERE id = ?", rowId);
            HttpResponse<String> updated = syncNow(config, "table=person&email=EMMY@example.org");

            assertThat(JSON.readTree(updated.body()).get(0).get("pushed").get("updated").asInt()).isEqualTo(1);
            assertThat(t.org().get("Lead", leadId).orElseThrow()).containsEntry("City", "Göttingen");
            assertThat(t.app().stepLog().latest(10)).filteredOn(s -> s.object().equals("Lead"))
                    .extracting(StepRow::operation).contains("Push New", "Push Updates");
        }
    }

    @Test
    void a_missing_or_unknown_row_is_answered_400_saying_why() throws Exception {
        Properties config = config(Db.HSQLDB);
        try (TestApp t = TestApp.start(config)) {
            assertThat(syncNow(config, "id=1").body()).contains("table is required");
            assertThat(syncNow(config, "table=person").body()).contains("give either id");
            assertThat(syncNow(config, "table=person&id=x").body()).contains("id must be a whole number");
            HttpResponse<String> unknown = syncNow(config, "table=person&id=999999");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("no row of table 'person' with id 999999");
        }
    }

    @Test
    void a_priority_sync_waits_while_the_cycle_runs_the_objects_steps() throws Exception {
        Properties config = config(Db.HSQLDB);
        try (TestApp t = TestApp.start(config)) {
            t.cycle();
            long rowId = Long.parseLong((String) t.rows("SELECT id FROM person WHERE person_type = 'Lead' ORDER BY id")
                    .get(0).get("id"));
            t.execute("UPDATE person SET city = 'Priority' WHERE id = ?", rowId);
            // The cycle's Lead steps are slow: each Lead query waits 1.5 s.
            t.org().delayOrDropNext(4, "Lead", 1500, false);
            CompletableFuture<String> cycle = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.cycle();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (t.app().stepLog().latest(50).stream().noneMatch(s -> s.object().equals("Lead") && s.finishedAt() == null)) {
                Thread.sleep(20);
            }

            HttpResponse<String> r = syncNow(config, "table=person&id=" + rowId);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String cycleId = cycle.get();
            List<StepRow> cycleLead = t.app().stepLog().cycle(cycleId).stream().filter(s -> s.object().equals("Lead")).toList();
            OffsetDateTime cycleLeadDone = cycleLead.stream().map(StepRow::finishedAt).max(OffsetDateTime::compareTo).orElseThrow();
            List<StepRow> priority = t.app().stepLog().latest(50).stream()
                    .filter(s -> s.object().equals("Lead") && !s.cycleId().equals(cycleId) && s.operation().startsWith("Push")
                            && s.startedAt().isAfter(cycleLead.get(0).startedAt()))
                    .toList();
            assertThat(priority).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.startedAt()).isAfterOrEqualTo(cycleLeadDone));
            assertThat(t.org().get("Lead", (String) t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", rowId).get(0)
                    .get("sfdc_lead_id")).orElseThrow()).containsEntry("City", "Priority");
        }
    }

    @Test
    void the_sync_now_command_asks_the_running_service_and_says_what_happened() throws Exception {
        Properties config = config(Db.HSQLDB);
        Path file = Cli.configFile(data, config);
        Cli.Result notRunning = Cli.run("sync-now", "--config", file.toString(), "--table", "person", "--id", "1");
        assertThat(notRunning.exit()).isEqualTo(1);
        assertThat(notRunning.err()).contains("sync-now runs in the service").contains("java -jar sfsync.jar run");
        try (TestApp t = TestApp.start(config)) {
            t.cycle();
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Franklin', 'King''s College')");
            String rowId = (String) t.rows("SELECT id FROM person WHERE last_name = 'Franklin'").get(0).get("id");

            Cli.Result done = Cli.run("sync-now", "--config", file.toString(), "--table", "person", "--id", rowId);

            assertThat(done.exit()).as(done.err()).isZero();
            String leadId = (String) t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", Long.parseLong(rowId)).get(0)
                    .get("sfdc_lead_id");
            assertThat(done.out().trim()).isEqualTo("person " + rowId + " (Lead " + leadId + "): pushed 1 created; "
                    + "pulled back: updated"); // Salesforce set the Lead's Status and owner
            Cli.Result unknown = Cli.run("sync-now", "--config", file.toString(), "--table", "person", "--id", "999999");
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no row of table 'person' with id 999999");
        }
    }
}
