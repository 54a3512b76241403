package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.emulator.Access;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sync Schema asks for a describe only when the schema can have changed (issue #16), counted by the emulator's
 * {@code GET /_emulator/stats} (on its own or inside the cycle's composite requests): the start-up check and the first cycle share one describe per object, a cycle within
 * {@code sfsync.schema.check-interval-seconds} asks none, after it a describe with If-Modified-Since is answered 304,
 * and a mapped field removed in Salesforce is noticed within one cycle. On HSQLDB and on PostgreSQL.
 */
class SchemaCheckTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bundled sfsync.objects. */
    private static final int OBJECTS = 11;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_schemacheck_");

    @TempDir
    Path data;

    private TestApp start(Db db, String... extra) throws Exception {
        String[] kv = new String[4 + extra.length];
        System.arraycopy(new String[] {"sfsync.salesforce.emulator.seed-leads", "5",
                "sfsync.salesforce.emulator.seed-contacts", "5"}, 0, kv, 0, 4);
        System.arraycopy(extra, 0, kv, 4, extra.length);
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void start_and_first_cycle_share_one_describe_per_object_and_a_cycle_within_the_interval_asks_none(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            String first = t.cycle();

            Map<String, Long> describes = describes(t);
            assertThat(describes).hasSize(OBJECTS).allSatisfy((endpoint, calls) -> assertThat(calls).as(endpoint).isEqualTo(1));
            assertThat(schemaSteps(t, first)).hasSize(OBJECTS).allSatisfy(s -> assertThat(s.status()).isEqualTo("Completed"));
            assertThat(step(t, first, "Lead", "Sync Schema").created()).isGreaterThan(20);

            Map<String, Long> before = calls(t);
            String idle = t.cycle();

            assertThat(describes(t)).isEqualTo(describes);
            assertThat(schemaSteps(t, idle)).hasSize(OBJECTS).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo("Completed");
                assertThat(s.created() + s.updated() + s.deleted()).isZero();
                assertThat(s.message()).startsWith("schema checked ").contains("; next check after ");
            });
            System.out.println("API calls of an idle cycle (default schema check interval): " + difference(before, calls(t)));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_mapped_field_removed_within_the_interval_is_noticed_within_one_cycle(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.objects", "Lead")) {
            t.cycle();
            String id = (String) t.org().all("Lead").get(0).get("Id");

            t.org().setFieldAccess("Lead", "Title", Access.HIDDEN);
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", id, Map.of("Email", "still.syncing@example.org"));
            String failing = t.cycle();

            assertThat(describes(t)).containsEntry("sobjects/Lead/describe", 1L);
            StepRow pull = step(t, failing, "Lead", "Pull Updates");
            assertThat(pull.status()).isEqualTo("Rolled back");
            assertThat(pull.message()).contains("INVALID_FIELD").contains("the next cycle's Sync Schema describes Lead again");

            String next = t.cycle();

            assertThat(describes(t)).containsEntry("sobjects/Lead/describe", 2L);
            StepRow schema = step(t, next, "Lead", "Sync Schema");
            assertThat(schema.deleted()).isEqualTo(1);
            assertThat(schema.message()).contains("Title").contains("no longer readable");
            assertThat(step(t, next, "Lead", "Pull Updates").status()).isEqualTo("Completed");
            assertThat(t.rows("SELECT email FROM person WHERE sfdc_lead_id = ?", id).get(0))
                    .containsEntry("email", "still.syncing@example.org");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void after_the_interval_a_conditional_describe_is_answered_304_until_the_schema_changes(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.schema.check-interval-seconds", "0")) {
            t.cycle();
            Map<String, Long> before = calls(t);
            String idle = t.cycle();

            assertThat(describes(t)).hasSize(OBJECTS).allSatisfy((endpoint, calls) -> assertThat(calls).as(endpoint).isEqualTo(2));
            assertThat(schemaSteps(t, idle)).hasSize(OBJECTS).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo("Completed");
                assertThat(s.created() + s.updated() + s.deleted()).isZero();
                assertThat(s.message()).startsWith("not modified since ");
            });
            System.out.println("API calls of an idle cycle (schema checked every cycle): " + difference(before, calls(t)));

            t.org().setFieldAccess("Lead", "Title", Access.HIDDEN);
            String changed = t.cycle();

            assertThat(describes(t)).allSatisfy((endpoint, calls) -> assertThat(calls).as(endpoint).isEqualTo(3));
            StepRow lead = step(t, changed, "Lead", "Sync Schema");
            assertThat(lead.deleted()).isEqualTo(1);
            assertThat(lead.message()).contains("Title").contains("no longer readable");
            assertThat(step(t, changed, "Contact", "Sync Schema").message()).startsWith("not modified since ");
            assertThat(step(t, changed, "Lead", "Pull Updates").status()).isEqualTo("Completed");
        }
    }

    /** The emulator's {@code calls} per endpoint, as {@code GET /_emulator/stats} reports them. */
    private static Map<String, Long> calls(TestApp t) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        stats(t).get("calls").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static JsonNode stats(TestApp t) throws Exception {
        return JSON.readTree(TestApp.send(HttpRequest.newBuilder(URI.create(t.app().emulator().baseUrl()
                + "/_emulator/stats")).GET().build()).body());
    }

    /**
     * The describes asked per object: on their own (the start-up check) or as subrequests of the cycle's composite
     * requests ({@code subrequests} in the stats).
     */
    private static Map<String, Long> describes(TestApp t) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        JsonNode stats = stats(t);
        for (String part : List.of("calls", "subrequests")) {
            stats.get(part).fields().forEachRemaining(e -> {
                if (e.getKey().endsWith("/describe")) {
                    out.merge(e.getKey(), e.getValue().asLong(), Long::sum);
                }
            });
        }
        return out;
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((endpoint, n) -> {
            long d = n - before.getOrDefault(endpoint, 0L);
            if (d != 0) {
                out.put(endpoint, d);
            }
        });
        out.put("total", out.values().stream().mapToLong(Long::longValue).sum());
        return out;
    }

    private static List<StepRow> schemaSteps(TestApp t, String cycle) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals("Sync Schema")).toList();
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
