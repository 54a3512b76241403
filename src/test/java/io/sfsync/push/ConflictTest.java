package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.Cli;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pull that meets local changes not pushed yet: a field only the local side changed keeps its local value (and is
 * pushed); a field both sides changed is a conflict that the mapping's policy decides, recorded with both values.
 */
class ConflictTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_conflict_");

    @TempDir
    Path data;

    private TestApp start(Db db, String policy) throws Exception {
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(Path.of("mappings/lead.yaml"))
                .replace("conflict: salesforce-wins", "conflict: " + policy));
        String[] kv = {"sfsync.objects", "Lead", "sfsync.mappings-dir", mappings.toString(),
            "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "0"};
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data.resolve("db"), kv) : postgres.appConfig(data.resolve("db"), kv));
    }

    /** A local change by another SQL client (the triggers log it), made at {@code at}. */
    private static void changeLocally(TestApp t, long rowId, String column, String value, OffsetDateTime at) throws Exception {
        t.execute("UPDATE person SET " + column + " = ? WHERE id = ?", value, rowId);
        t.execute("UPDATE sync_change SET changed_at = ? WHERE row_id = ? AND status = 'Open'", at, rowId);
    }

    private static StepRow step(TestApp t, String cycle, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals(operation)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_field_changed_only_locally_keeps_its_local_value_when_salesforce_changes_another(Db db) throws Exception {
        try (TestApp t = start(db, "salesforce-wins")) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id FROM person ORDER BY id").get(0);
            long rowId = Long.parseLong((String) row.get("id"));
            String leadId = (String) row.get("sfdc_lead_id");
            changeLocally(t, rowId, "city", "Oslo", OffsetDateTime.now());
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", leadId, Map.of("Title", "Changed in Salesforce"));

            String cycle = t.cycle();

            assertThat(t.rows("SELECT city, title FROM person WHERE id = ?", rowId))
                    .containsExactly(Map.of("city", "Oslo", "title", "Changed in Salesforce"));
            assertThat(step(t, cycle, "Push Updates").updated()).isEqualTo(1);
            assertThat(t.org().get("Lead", leadId).orElseThrow()).containsEntry("City", "Oslo")
                    .containsEntry("Title", "Changed in Salesforce");
            assertThat(t.count("SELECT COUNT(*) FROM sync_conflict")).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "HSQLDB, salesforce-wins, -1, salesforce",
        "HSQLDB, local-wins, -1, local",
        "HSQLDB, newest-wins, -10, salesforce",
        "HSQLDB, newest-wins, 10, local",
        "POSTGRESQL, salesforce-wins, -1, salesforce",
        "POSTGRESQL, newest-wins, 10, local"})
    void a_field_changed_on_both_sides_is_decided_by_the_policy_and_the_loss_recorded(Db db, String policy,
            int localMinutesAfterSalesforce, String winner) throws Exception {
        try (TestApp t = start(db, policy)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id, city FROM person ORDER BY id").get(0);
            long rowId = Long.parseLong((String) row.get("id"));
            String leadId = (String) row.get("sfdc_lead_id");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", leadId, Map.of("City", "Paris"));
            OffsetDateTime sfChanged = OffsetDateTime.parse(
                    t.org().get("Lead", leadId).orElseThrow().get("SystemModstamp").toString().replace("+0000", "Z"));
            changeLocally(t, rowId, "city", "Oslo", sfChanged.plusMinutes(localMinutesAfterSalesforce));

            String cycle = t.cycle();

            String expected = winner.equals("local") ? "Oslo" : "Paris";
            assertThat(t.rows("SELECT city FROM person WHERE id = ?", rowId)).containsExactly(Map.of("city", expected));
            assertThat(t.org().get("Lead", leadId).orElseThrow()).containsEntry("City", expected);
            List<Map<String, Object>> conflicts = t.rows("SELECT record_id, field_name, local_value, salesforce_value, "
                    + "policy, winner FROM sync_conflict");
            assertThat(conflicts).containsExactly(Map.of("record_id", leadId, "field_name", "City", "local_value", "Oslo",
                    "salesforce_value", "Paris", "policy", policy, "winner", winner));
            assertThat(step(t, cycle, "Pull Updates").message()).contains("1 conflict(s)");
            assertThat(step(t, cycle, "Push Updates").updated()).isEqualTo(winner.equals("local") ? 1 : 0);
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", rowId))
                    .containsExactly(Map.of("status", winner.equals("local") ? "Pushed" : "Superseded"));
        }
    }

    @Test
    void conflicts_list_shows_the_field_both_values_and_the_winner_from_the_service_and_from_the_database() throws Exception {
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(Path.of("mappings/lead.yaml")));
        Properties config = TestApp.config(data.resolve("db"), "sfsync.objects", "Lead", "sfsync.mappings-dir",
                mappings.toString(), "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "0");
        Path file = Cli.configFile(data, config);
        String leadId;
        try (TestApp t = TestApp.start(config)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id FROM person ORDER BY id").get(0);
            leadId = (String) row.get("sfdc_lead_id");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", leadId, Map.of("City", "Paris"));
            changeLocally(t, Long.parseLong((String) row.get("id")), "city", "Oslo", OffsetDateTime.now());
            t.cycle();

            String fromService = cli("conflicts", "list", "--config", file.toString(), "--object", "Lead");
            assertThat(fromService).contains(leadId).contains("City").contains("Oslo").contains("Paris")
                    .contains("salesforce (salesforce-wins)");
            HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + config.getProperty("camel.server.port") + "/api/conflicts?limit=abc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("limit must be a whole number");
        }
        String fromDatabase = cli("conflicts", "list", "--config", file.toString());
        assertThat(fromDatabase).contains(leadId).contains("Oslo").contains("Paris");
        assertThat(cli("conflicts", "list", "--config", file.toString(), "--object", "Contact")).contains("No conflicts.");
    }

    private static String cli(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
