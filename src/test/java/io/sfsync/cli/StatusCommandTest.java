package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepRow;
import io.sfsync.testing.Cli;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.StatusLogFixture;
import io.sfsync.testing.TestApp;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sfsync status}, {@code dead-letters list} and {@code conflicts list} as a user runs them (L3, L4, item 7 of
 * #12): the API's filters and {@code --format table|csv|json}, a step's failed records, against the running service
 * and against the database when none runs, on HSQLDB and on PostgreSQL.
 */
class StatusCommandTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_statuscli_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void status_filters_and_formats_the_log_with_and_without_the_service(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact", "sfsync.salesforce.emulator.seed-leads", "0",
            "sfsync.salesforce.emulator.seed-contacts", "0"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data.resolve("db"), kv) : postgres.appConfig(data.resolve("db"), kv);
        String file = Cli.configFile(data, config).toString();
        StatusLogFixture f = new StatusLogFixture();
        try (TestApp t = TestApp.start(config)) {
            f.insertSteps(t);
            f.insertFailedRecords(t);
            t.execute("INSERT INTO sync_conflict (object_name, record_id, table_name, row_id, field_name, column_name, "
                    + "local_value, salesforce_value, policy, winner) VALUES ('Lead', '00Q000000000009', 'person', 9, "
                    + "'Title', 'title', '=local', 'remote', 'salesforce-wins', 'salesforce')");
            assertFormats(f, file);
        }
        // the service has stopped: the same answers from the database
        assertFormats(f, file);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void status_cycles_lists_the_api_calls_each_cycle_used_with_and_without_the_service(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact", "sfsync.salesforce.emulator.seed-leads", "3",
            "sfsync.salesforce.emulator.seed-contacts", "3"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data.resolve("db"), kv) : postgres.appConfig(data.resolve("db"), kv);
        String file = Cli.configFile(data, config).toString();
        String first;
        String idle;
        long used;
        try (TestApp t = TestApp.start(config)) {
            long before = t.org().apiCallsUsed();
            first = t.cycle();
            idle = t.cycle();
            used = t.org().apiCallsUsed() - before;

            JsonNode api = JSON.readTree(t.get("/api/sync-cycles?limit=1").body());
            assertThat(api).hasSize(1);
            assertThat(api.get(0).path("cycleId").asText()).isEqualTo(idle);
            // Lead's and Contact's change queries and Lead's conversions query: one composite request
            assertThat(api.get(0).path("apiCalls").asInt()).isEqualTo(1);
            assertThat(api.get(0).path("readAheadCalls").asInt()).isEqualTo(1);
            assertThat(t.get("/api/sync-cycles?limit=0").statusCode()).isEqualTo(400);
            assertCycles(file, first, idle, used);
        }
        assertCycles(file, first, idle, used);
    }

    /** Both cycles, newest first; what they used in all is what the emulator counted. */
    private static void assertCycles(String file, String first, String idle, long used) throws Exception {
        JsonNode json = JSON.readTree(Cli.run("status", "--cycles", "--format", "json", "--config", file).out());
        assertThat(json).extracting(n -> n.path("cycleId").asText()).containsExactly(idle, first);
        assertThat(json.get(0).path("apiCalls").asInt() + json.get(1).path("apiCalls").asInt()).isEqualTo((int) used);
        Cli.Result table = Cli.run("status", "--cycles", "--config", file);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("STARTED").contains("API CALLS")
                .contains("READ AHEAD");
        assertThat(table.out().lines()).hasSize(3);
        // each step's own calls: the CALLS column of the log
        assertThat(Cli.run("status", "--config", file).out().lines().findFirst().orElseThrow()).contains("CALLS");
    }

    private static void assertFormats(StatusLogFixture f, String file) throws Exception {
        Cli.Result table = Cli.run("status", "--object", "Lead", "--config", file);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("STARTED").contains("OPERATION");
        assertThat(table.out().lines()).hasSize(3);
        assertThat(table.out()).contains("Push Updates").contains("Pull Updates").doesNotContain("Contact");
        assertThat(Cli.run("status", "--object", "Task", "--config", file).out()).isEqualTo("No steps match these filters.\n");

        Cli.Result json = Cli.run("status", "--sort", "finished", "--order", "desc", "--limit", "2", "--offset", "1",
                "--format", "json", "--config", file);
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(StepJson.parse(json.out()).stream().map(StepRow::id).toList()).containsExactly(f.contactPush,
                f.accountSchema);
        Cli.Result filtered = Cli.run("status", "--status", "in progress,Completed", "--operation", "Pull Updates",
                "--format", "json", "--config", file);
        List<StepRow> pulls = StepJson.parse(filtered.out());
        assertThat(pulls.stream().map(StepRow::id).toList()).containsExactly(f.contactPull, f.leadPull);
        assertThat(pulls.get(0).expected()).isEqualTo(100L);
        assertThat(StepJson.parse(Cli.run("status", "--from", f.t0.plusMinutes(5).toString(), "--to",
                f.t0.plusMinutes(6).toString(), "--format", "json", "--config", file).out()))
                .extracting(StepRow::id).containsExactly(f.contactPush);

        // csv: every matching step whatever --limit, the formula neutralised
        Cli.Result csv = Cli.run("status", "--object", "Lead", "--order", "asc", "--limit", "1", "--format", "csv",
                "--config", file);
        List<CSVRecord> rows = parse(csv.out());
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(String.valueOf(f.leadPull), String.valueOf(f.leadPush));
        assertThat(rows.get(1).get("message")).isEqualTo("'" + StatusLogFixture.FORMULA_MESSAGE);

        // one step, and the records it failed
        assertThat(JSON.readTree(Cli.run("status", "--step", String.valueOf(f.leadPush), "--format", "json", "--config",
                file).out()).path("failed").asInt()).isEqualTo(3);
        Cli.Result failed = Cli.run("status", "--step", String.valueOf(f.leadPush), "--failed-records", "--config", file);
        assertThat(failed.out().lines()).hasSize(4);
        assertThat(failed.out()).contains("00Q000000000001").contains("FIELD_INTEGRITY_EXCEPTION");
        JsonNode page = JSON.readTree(Cli.run("status", "--step", String.valueOf(f.leadPush), "--failed-records",
                "--limit", "1", "--offset", "2", "--format", "json", "--config", file).out());
        assertThat(page).hasSize(1);
        assertThat(page.get(0).path("recordId").asText()).isEqualTo("00Q000000000003");
        List<CSVRecord> records = parse(Cli.run("status", "--step", String.valueOf(f.leadPush), "--failed-records",
                "--format", "csv", "--config", file).out());
        assertThat(records).extracting(r -> r.get("payload"))
                .containsExactly("{\"Company\":\"=HYPERLINK(\\\"x\\\")\"}", "{\"LastName\":\"@sum\"}", "'\t{\"x\":1}");
        Cli.Result unknown = Cli.run("status", "--step", "999999", "--config", file);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("sfsync: there is no step 999999 in the status log");

        // dead-letters list and conflicts list take --format too
        List<CSVRecord> letters = parse(Cli.run("dead-letters", "list", "--format", "csv", "--config", file).out());
        assertThat(letters).extracting(r -> r.get("errorMessage"))
                .containsExactly("'@at\tand tab", "'-minus, \"quoted\"\nand a new line", "'+1 field is wrong");
        JsonNode second = JSON.readTree(Cli.run("dead-letters", "list", "--limit", "1", "--offset", "1", "--format", "json",
                "--config", file).out());
        assertThat(second).hasSize(1);
        assertThat(second.get(0).path("recordId").asText()).isEqualTo("00Q000000000002");
        List<CSVRecord> conflicts = parse(Cli.run("conflicts", "list", "--format", "csv", "--config", file).out());
        assertThat(conflicts).extracting(r -> r.get("localValue")).containsExactly("'=local");
        assertThat(JSON.readTree(Cli.run("conflicts", "list", "--format", "json", "--config", file).out()).get(0)
                .path("salesforceValue").asText()).isEqualTo("remote");
    }

    @ParameterizedTest
    @EnumSource(value = Db.class, names = "HSQLDB")
    void a_bad_option_is_named(Db db) throws Exception {
        String file = Cli.configFile(data, TestApp.config(data.resolve("db"))).toString();

        assertUsage(Cli.run("status", "--sort", "size", "--config", file), "--sort must be started or finished, got 'size'");
        assertUsage(Cli.run("status", "--from", "yesterday", "--config", file), "--from must be an ISO date");
        assertUsage(Cli.run("status", "--offset", "-1", "--config", file), "--offset must be a whole number");
        assertUsage(Cli.run("status", "--format", "xml", "--config", file), "Invalid value for option '--format'");
        assertUsage(Cli.run("status", "--failed-records", "--config", file), "--failed-records goes with --step ID");
    }

    private static void assertUsage(Cli.Result r, String start) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(start);
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
    }
}
