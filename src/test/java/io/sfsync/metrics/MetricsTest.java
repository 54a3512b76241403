package io.sfsync.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.FieldCondition;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GET /metrics after real cycles, on HSQLDB and PostgreSQL: the series docs/operations.md names, with their values. */
class MetricsTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_metrics_");

    @TempDir
    Path data;

    private TestApp start(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "7",
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.salesforce.emulator.daily-api-limit", "50000"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
        return TestApp.start(TestApp.withAdmin(config, "ops", "metrics-pass"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void metrics_count_records_per_object_and_step_dead_letters_cycles_and_the_api_budget(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            String rowId = t.rows("SELECT id FROM person WHERE person_type = 'Lead' ORDER BY id").get(0).get("id").toString();
            t.org().addValidationRule("Lead", "City", "City must not be Nowhere", FieldCondition.notEqualTo("Nowhere"));
            t.execute("UPDATE person SET city = 'Nowhere' WHERE id = ?", Long.parseLong(rowId));
            t.execute("UPDATE person SET title = 'Metrics Reader' WHERE id <> ? AND person_type = 'Lead'", Long.parseLong(rowId));
            t.cycle();

            HttpResponse<String> r = t.get("/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String text = r.body();
            assertThat(value(text, "sfsync_records_pulled_total", "object=\"Lead\"", "operation=\"Pull Updates\"")).isEqualTo(7);
            assertThat(value(text, "sfsync_records_pushed_total", "object=\"Lead\"", "operation=\"Push Updates\"")).isEqualTo(6);
            assertThat(value(text, "sfsync_records_failed_total", "object=\"Lead\"", "operation=\"Push Updates\"")).isEqualTo(1);
            assertThat(value(text, "sfsync_dead_letters_open", "object=\"Lead\"")).isEqualTo(1);
            assertThat(value(text, "sfsync_steps_total", "object=\"Lead\"", "operation=\"Pull Updates\"", "status=\"Completed\""))
                    .isEqualTo(2);
            assertThat(value(text, "sfsync_cycle_duration_seconds_count")).isEqualTo(2);
            assertThat(value(text, "sfsync_cycle_duration_seconds_sum")).isPositive();
            assertThat(value(text, "sfsync_salesforce_api_requests_limit")).isEqualTo(50000);
            assertThat(value(text, "sfsync_salesforce_api_requests_used")).isPositive();
            assertThat(value(text, "sfsync_salesforce_api_budget_used_ratio")).isPositive().isLessThan(1);
            assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads")
                    .contains("process_cpu_usage").contains("process_uptime_seconds").contains("sfsync_cycle_duration_seconds_max");

            // the dead letter is discarded: no longer open
            String letter = t.rows("SELECT id FROM dead_letter").get(0).get("id").toString();
            assertThat(t.post("/api/dead-letters/" + letter + "/discard").statusCode()).isEqualTo(200);
            assertThat(value(t.get("/metrics").body(), "sfsync_dead_letters_open", "object=\"Lead\"")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Db.class, names = "HSQLDB")
    void metrics_need_an_administrators_login(Db db) throws Exception {
        try (TestApp t = start(db)) {
            HttpResponse<String> anonymous = TestApp.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/metrics")).build());
            HttpResponse<String> wrong = TestApp.send(HttpRequest.newBuilder(URI.create(t.baseUrl() + "/metrics"))
                    .header("Authorization", TestApp.basic("ops", "wrong")).build());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(t.get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}. */
    static double value(String text, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(text);
        Double found = null;
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                assertThat(found).as("one sample of %s %s in:%n%s", name, String.join(",", labels), text).isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found).as("a sample of %s %s in:%n%s", name, String.join(",", labels), text).isNotNull();
        return found;
    }
}
