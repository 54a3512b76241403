package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.StatusLogFixture;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The status log as the operator's API serves it (L3, S9), over real HTTP, on HSQLDB and on PostgreSQL: every filter,
 * both sorts in both orders with a running step, paging and X-Total-Count, the facets, one step, the 400s of bad
 * parameters; backlog and throughput from known steps; offset and X-Total-Count of dead letters and conflicts.
 */
class StatusLogApiTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_statusapi_");

    @TempDir
    Path data;

    private String base;

    private TestApp start(Db db) throws Exception {
        return start(db, 0);
    }

    private TestApp start(Db db, int leads) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact", "sfsync.salesforce.emulator.seed-leads", String.valueOf(leads),
            "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.cluster.instance-name", "sync-a"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
        base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        return TestApp.start(config);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_log_is_filtered_sorted_and_paged_as_asked(Db db) throws Exception {
        try (TestApp t = start(db)) {
            StatusLogFixture f = new StatusLogFixture().insertSteps(t);
            long lp = f.leadPull;
            long lu = f.leadPush;
            long cp = f.contactPull;
            long cn = f.contactPush;
            long as = f.accountSchema;

            // newest first by start time by default; every step counted
            HttpResponse<String> all = get("/api/sync-steps");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.headers().firstValue("X-Total-Count")).hasValue("5");
            assertThat(ids(all)).containsExactly(as, cn, cp, lu, lp);
            assertThat(ids(get("/api/sync-steps?sort=started&order=asc"))).containsExactly(lp, lu, cp, cn, as);
            // by finish time: the running step first when newest first, last when oldest first
            assertThat(ids(get("/api/sync-steps?sort=finished"))).containsExactly(cp, cn, as, lu, lp);
            assertThat(ids(get("/api/sync-steps?sort=finished&order=asc"))).containsExactly(lp, lu, as, cn, cp);

            // each filter, one value or a list; statuses in any case
            assertThat(ids(get("/api/sync-steps?object=Lead"))).containsExactly(lu, lp);
            assertThat(ids(get("/api/sync-steps?object=Lead,Contact"))).containsExactly(cn, cp, lu, lp);
            assertThat(ids(get("/api/sync-steps?operation=" + enc("Pull Updates")))).containsExactly(cp, lp);
            assertThat(ids(get("/api/sync-steps?operation=" + enc("Push New,Sync Schema")))).containsExactly(as, cn);
            assertThat(ids(get("/api/sync-steps?status=Completed"))).containsExactly(cn, lp);
            assertThat(ids(get("/api/sync-steps?status=" + enc("in progress,ROLLED BACK")))).containsExactly(as, cp);
            assertThat(ids(get("/api/sync-steps?from=" + enc(f.t0.plusMinutes(2).toString())))).containsExactly(as, cn, cp, lu);
            assertThat(ids(get("/api/sync-steps?to=" + enc(f.t0.plusMinutes(2).toString())))).containsExactly(lp);
            String localFrom = f.t0.plusMinutes(4).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime().toString();
            HttpResponse<String> combined = get("/api/sync-steps?from=" + enc(localFrom) + "&to="
                    + enc(f.t0.plusMinutes(6).toString()) + "&object=Contact&status=Completed,In%20Progress");
            assertThat(ids(combined)).containsExactly(cn, cp);
            assertThat(combined.headers().firstValue("X-Total-Count")).hasValue("2");

            // paging: the total ignores limit and offset
            HttpResponse<String> page = get("/api/sync-steps?limit=2&offset=1");
            assertThat(ids(page)).containsExactly(cn, cp);
            assertThat(page.headers().firstValue("X-Total-Count")).hasValue("5");
            assertThat(ids(get("/api/sync-steps?limit=2&offset=4"))).containsExactly(lp);
            assertThat(ids(get("/api/sync-steps?offset=5"))).isEmpty();

            // the fields of a step, expected and a running step's null finish among them
            StepRow running = StepJson.parse(get("/api/sync-steps?object=Contact&operation=" + enc("Pull Updates")).body())
                    .get(0);
            assertThat(running.status()).isEqualTo("In Progress");
            assertThat(running.finishedAt()).isNull();
            assertThat(running.created()).isEqualTo(40);
            assertThat(running.expected()).isEqualTo(100L);
            assertThat(running.startedAt().toInstant()).isEqualTo(f.t0.plusMinutes(4).toInstant());
            JsonNode one = JSON.readTree(get("/api/sync-steps/" + lu).body());
            assertThat(one.path("id").asLong()).isEqualTo(lu);
            assertThat(one.path("object").asText()).isEqualTo("Lead");
            assertThat(one.path("failed").asInt()).isEqualTo(3);
            assertThat(one.path("message").asText()).isEqualTo(StatusLogFixture.FORMULA_MESSAGE);
            assertThat(one.has("expected")).isTrue();
            assertThat(JSON.readTree(get("/api/sync-steps/" + as).body()).path("expected").isNull()).isTrue();

            // facets: what the log holds, and the five statuses, sorted
            JsonNode facets = JSON.readTree(get("/api/sync-steps/facets").body());
            assertThat(texts(facets.path("objects"))).containsExactly("Account", "Contact", "Lead");
            assertThat(texts(facets.path("operations")))
                    .containsExactly("Pull Updates", "Push New", "Push Updates", "Sync Schema");
            assertThat(texts(facets.path("statuses")))
                    .containsExactly("Completed", "Failed", "In Progress", "Incomplete", "Rolled back");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void each_step_names_the_instance_that_ran_it(Db db) throws Exception {
        try (TestApp t = start(db, 3)) {
            t.cycle();
            List<StepRow> steps = StepJson.parse(get("/api/sync-steps?object=Lead").body());
            assertThat(steps).isNotEmpty().allSatisfy(step -> assertThat(step.instance()).isEqualTo("sync-a"));
            assertThat(t.rows("SELECT name, stopped_at FROM sync_instance")).singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("name", "sync-a").containsEntry("stopped_at", null));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void bad_parameters_are_answered_400_and_unknown_steps_404(Db db) throws Exception {
        try (TestApp t = start(db)) {
            long step = new StatusLogFixture().insertSteps(t).leadPush;

            assertError(get("/api/sync-steps?from=yesterday"), 400, "from must be an ISO date (2026-11-30) or date-time "
                    + "(2026-11-30T08:00, 2026-11-30T08:00:00Z), got 'yesterday'");
            assertError(get("/api/sync-steps?to=2026-13-01"), 400, "to must be an ISO date");
            assertError(get("/api/sync-steps?sort=size"), 400, "sort must be started or finished, got 'size'");
            assertError(get("/api/sync-steps?order=up"), 400, "order must be desc (newest first) or asc, got 'up'");
            assertError(get("/api/sync-steps?status=Done"), 400, "status must be one or more (comma-separated) of "
                    + "In Progress, Completed, Failed, Incomplete, Rolled back, got 'Done'");
            assertError(get("/api/sync-steps?offset=-1"), 400, "offset must be a whole number between 0 and 2147483647, "
                    + "got '-1'");
            assertError(get("/api/sync-steps?limit=0"), 400, "limit must be a whole number between 1 and 10000");
            assertError(get("/api/sync-steps/export?sort=size"), 400, "sort must be started or finished");
            assertError(get("/api/sync-steps/abc"), 400, "a step's id is a whole number, got 'abc'");
            assertError(get("/api/sync-steps/999999"), 404, "there is no step 999999 in the status log");
            assertError(get("/api/sync-steps/999999/failed-records"), 404, "there is no step 999999");
            assertError(get("/api/sync-steps/999999/failed-records/export"), 404, "there is no step 999999");
            assertError(get("/api/sync-steps/" + step + "/failed-records?offset=x"), 400, "offset must be a whole number");
            assertError(get("/api/throughput?hours=0"), 400, "hours must be a whole number between 1 and 168, got '0'");
            assertError(get("/api/throughput?bucket=abc"), 400, "bucket must be a whole number between 1 and 1440");
            assertError(get("/api/dead-letters?offset=-3"), 400, "offset must be a whole number");
            assertError(get("/api/conflicts?offset=z"), 400, "offset must be a whole number");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void backlog_and_throughput_count_the_known_steps_changes_and_dead_letters(Db db) throws Exception {
        try (TestApp t = start(db)) {
            StatusLogFixture f = new StatusLogFixture().insertSteps(t);
            f.insertFailedRecords(t);
            // local changes: captured into the change log by its triggers, as any client's writes
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Waits', 'Acme')");
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Waits too', 'Acme')");
            t.execute("INSERT INTO person (person_type, last_name) VALUES ('Contact', 'Waiting')");
            t.execute("UPDATE person SET title = 'Changed' WHERE last_name = 'Waits'");

            JsonNode backlog = JSON.readTree(get("/api/backlog").body());
            assertThat(backlog).hasSize(4);
            assertThat(item(backlog, 0)).isEqualTo("Lead push 2 3");
            assertThat(item(backlog, 1)).isEqualTo("Lead pull 0 0");
            assertThat(item(backlog, 2)).isEqualTo("Contact push 1 0");
            // the running first pull of Contact: 100 expected, 40 done
            assertThat(item(backlog, 3)).isEqualTo("Contact pull 60 0");
            OffsetDateTime oldest = OffsetDateTime.parse(backlog.get(0).path("oldest").asText());
            assertThat(oldest).isAfter(f.t0).isBefore(OffsetDateTime.now().plusMinutes(1));
            assertThat(backlog.get(1).path("oldest").isNull()).isTrue();

            JsonNode report = JSON.readTree(get("/api/throughput?hours=24&bucket=15").body());
            assertThat(report.path("bucketMinutes").asInt()).isEqualTo(15);
            OffsetDateTime from = OffsetDateTime.parse(report.path("from").asText());
            OffsetDateTime to = OffsetDateTime.parse(report.path("to").asText());
            assertThat(java.time.Duration.between(from, to)).isEqualTo(java.time.Duration.ofHours(24));
            List<String> series = new ArrayList<>();
            for (JsonNode s : report.path("series")) {
                long records = 0;
                for (JsonNode p : s.path("points")) {
                    records += p.path("records").asLong();
                    OffsetDateTime at = OffsetDateTime.parse(p.path("at").asText());
                    assertThat(at.getMinute() % 15).isZero();
                    assertThat(p.path("perMinute").asDouble()).isEqualTo(Math.round(p.path("records").asLong() * 10.0 / 15) / 10.0);
                }
                series.add(s.path("object").asText() + " " + s.path("direction").asText() + " " + records);
            }
            // Sync Schema is neither; the running pull counts now
            assertThat(series).containsExactly("Contact pull 40", "Contact push 5", "Lead pull 13", "Lead push 3");
            JsonNode leadPull = report.path("series").get(2).path("points");
            assertThat(leadPull).hasSize(1);
            OffsetDateTime finished = f.t0.plusMinutes(1);
            OffsetDateTime at = OffsetDateTime.parse(leadPull.get(0).path("at").asText());
            assertThat(at).isBeforeOrEqualTo(finished).isAfter(finished.minusMinutes(15));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void dead_letters_and_conflicts_are_paged_with_their_total(Db db) throws Exception {
        try (TestApp t = start(db)) {
            StatusLogFixture f = new StatusLogFixture().insertSteps(t);
            f.insertFailedRecords(t);
            for (int i = 1; i <= 3; i++) {
                t.execute("INSERT INTO sync_conflict (object_name, record_id, table_name, row_id, field_name, column_name, "
                        + "local_value, salesforce_value, policy, winner) VALUES ('Lead', ?, 'person', ?, 'Title', 'title', "
                        + "'a', 'b', 'salesforce-wins', 'salesforce')", "00Q00000000000" + i, i);
            }

            HttpResponse<String> letters = get("/api/dead-letters?limit=1&offset=1");
            assertThat(letters.headers().firstValue("X-Total-Count")).hasValue("3");
            JsonNode second = JSON.readTree(letters.body());
            assertThat(second).hasSize(1);
            assertThat(second.get(0).path("recordId").asText()).isEqualTo("00Q000000000002");
            assertThat(get("/api/dead-letters?status=Replayed").headers().firstValue("X-Total-Count")).hasValue("0");

            HttpResponse<String> conflicts = get("/api/conflicts?limit=2&offset=2");
            assertThat(conflicts.headers().firstValue("X-Total-Count")).hasValue("3");
            assertThat(JSON.readTree(conflicts.body())).hasSize(1);
            assertThat(JSON.readTree(conflicts.body()).get(0).path("recordId").asText()).isEqualTo("00Q000000000001");

            // a step's failed records: oldest first, without payload, paged, counted
            HttpResponse<String> failed = get("/api/sync-steps/" + f.leadPush + "/failed-records");
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.headers().firstValue("X-Total-Count")).hasValue("3");
            JsonNode records = JSON.readTree(failed.body());
            assertThat(texts(records, "recordId")).containsExactly("00Q000000000001", "00Q000000000002", "00Q000000000003");
            assertThat(records.get(0).path("payload").isNull()).isTrue();
            assertThat(records.get(0).path("stepId").asLong()).isEqualTo(f.leadPush);
            assertThat(texts(JSON.readTree(get("/api/sync-steps/" + f.leadPush + "/failed-records?limit=1&offset=1").body()),
                    "recordId")).containsExactly("00Q000000000002");
            HttpResponse<String> none = get("/api/sync-steps/" + f.leadPull + "/failed-records");
            assertThat(none.body()).isEqualTo("[]");
            assertThat(none.headers().firstValue("X-Total-Count")).hasValue("0");
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String start) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(r.body()).path("error").asText()).as(r.uri().toString()).startsWith(start);
    }

    private static List<Long> ids(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(200);
        return StepJson.parse(r.body()).stream().map(StepRow::id).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static String item(JsonNode backlog, int i) {
        JsonNode n = backlog.get(i);
        return n.path("object").asText() + " " + n.path("direction").asText() + " " + n.path("waiting").asLong() + " "
                + n.path("openDeadLetters").asLong();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
