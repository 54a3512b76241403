package io.sfsync.deadletter;

import static io.sfsync.testing.DeadLetterFixture.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.DeadLetterFixture;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead letters over the admin HTTP API (routes/admin/dead-letter*-api): JSON answers, 400, 404 and 409 errors. */
class DeadLetterApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void lists_shows_replays_and_discards_dead_letters_as_json() throws Exception {
        Properties config = TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings")));
        String base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        try (TestApp t = TestApp.start(config)) {
            String first = (String) t.org().create("Lead", Map.of("LastName", "One", "Company", TOO_LONG)).get("Id");
            String second = (String) t.org().create("Lead", Map.of("LastName", "Two", "Company", TOO_LONG)).get("Id");
            t.cycle();

            HttpResponse<String> listed = get(base + "/api/dead-letters?object=Lead&operation="
                    + URLEncoder.encode("Pull Updates", StandardCharsets.UTF_8) + "&since=2020-01-01");
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            List<DeadLetter> letters = DeadLetterJson.parseList(listed.body());
            assertThat(letters).extracting(DeadLetter::recordId).containsExactlyInAnyOrder(first, second);
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.errorCode()).isEqualTo("LOCAL_VALUE_REJECTED");
                assertThat(l.status()).isEqualTo("New");
                assertThat(l.payload()).as("a list leaves the payload out").isNull();
            });
            assertThat(DeadLetterJson.parseList(get(base + "/api/dead-letters?object=Contact").body())).isEmpty();
            assertThat(DeadLetterJson.parseList(get(base + "/api/dead-letters?status=discarded").body())).isEmpty();
            assertThat(DeadLetterJson.parseList(get(base + "/api/dead-letters?limit=1").body())).hasSize(1);
            long firstId = letters.stream().filter(l -> l.recordId().equals(first)).findFirst().orElseThrow().id();
            long secondId = letters.stream().filter(l -> l.recordId().equals(second)).findFirst().orElseThrow().id();

            HttpResponse<String> shown = get(base + "/api/dead-letters/" + firstId);
            assertThat(shown.statusCode()).isEqualTo(200);
            DeadLetter one = DeadLetterJson.parseLetter(shown.body());
            assertThat(one.recordId()).isEqualTo(first);
            assertThat(one.payload()).contains(TOO_LONG).contains("\"Id\":\"" + first + "\"");

            HttpResponse<String> failed = post(base + "/api/dead-letters/" + firstId + "/replay");
            assertThat(failed.statusCode()).isEqualTo(200);
            ReplayOutcome failure = DeadLetterJson.parseOutcome(failed.body());
            assertThat(failure.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(failure.attempts()).isEqualTo(1);

            DeadLetterFixture.widenState(t.app().dataSource());
            assertThat(post(base + "/api/dead-letters/" + firstId + "/replay").body()).isEqualTo("{\"id\":" + firstId
                    + ",\"object\":\"Lead\",\"recordId\":\"" + first + "\",\"operation\":\"Pull Updates\","
                    + "\"result\":\"REPLAYED\",\"detail\":\"1 row inserted into person\",\"attempts\":2}");
            assertThat(t.rows("SELECT state FROM person WHERE sfdc_lead_id = ?", first)).containsExactly(Map.of("state", TOO_LONG));

            HttpResponse<String> discarded = post(base + "/api/dead-letters/" + secondId + "/discard");
            assertThat(discarded.statusCode()).isEqualTo(200);
            assertThat(DeadLetterJson.parseLetter(discarded.body()).status()).isEqualTo("Discarded");
            HttpResponse<String> again = post(base + "/api/dead-letters/" + secondId + "/discard");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).isEqualTo("{\"error\":\"dead letter " + secondId + " (Lead " + second
                    + ") is Discarded, not New; only a New dead letter can be discarded\"}");
            assertThat(DeadLetterJson.parseList(get(base + "/api/dead-letters?status=all").body()))
                    .extracting(DeadLetter::status).containsExactlyInAnyOrder("Replayed", "Discarded");
        }
    }

    @Test
    void bad_parameters_are_answered_400_and_unknown_ids_404_with_a_json_error() throws Exception {
        Properties config = TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings")));
        String base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        try (TestApp t = TestApp.start(config)) {
            assertError(get(base + "/api/dead-letters?since=yesterday"), 400,
                    "since must be an ISO date (2026-11-30) or date-time (2026-11-30T08:00, 2026-11-30T08:00:00Z), got 'yesterday'");
            assertError(get(base + "/api/dead-letters?status=Done"), 400,
                    "status must be one of New, Replayed, Discarded or all, got 'Done'");
            assertError(get(base + "/api/dead-letters?limit=0"), 400, "limit must be a whole number between 1 and 10000, got '0'");
            assertError(get(base + "/api/dead-letters/seven"), 400, "a dead letter's id is a whole number, got 'seven'");
            assertError(get(base + "/api/dead-letters/424242"), 404, "there is no dead letter 424242");
            assertError(post(base + "/api/dead-letters/424242/replay"), 404, "there is no dead letter 424242");
            assertError(post(base + "/api/dead-letters/424242/discard"), 404, "there is no dead letter 424242");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/dead-letters/1/replay")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("a replay is a POST").isEqualTo(405);
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"" + error + "\"}");
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
