package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The daily API budget, its reset, session timeouts and their admin operations. */
class LimitsAndSessionsTest {

    private EmulatorServer server;
    private EmulatorHttp api;

    @BeforeEach
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(5, 0).withDailyApiLimit(5)
                .withSessionTimeout(Duration.ofMinutes(30)));
        server.org().clock().freeze(Instant.parse("2026-03-10T22:00:00Z"));
        api = new EmulatorHttp(server).login();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void every_call_counts_once_and_every_response_reports_the_usage() throws Exception {
        HttpResponse<String> first = api.get(V + "/limits");
        assertThat(first.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=1/5");
        JsonNode limits = ok(first).get("DailyApiRequests");
        assertThat(limits.get("Max").asLong()).isEqualTo(5);
        assertThat(limits.get("Remaining").asLong()).isEqualTo(4);
        HttpResponse<String> bad = api.get(V + "/query?q=SELECT+Nope+FROM+Lead");
        assertError(bad, 400, "INVALID_FIELD");
        assertThat(bad.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=2/5");
        assertThat(server.org().apiCallsUsed()).isEqualTo(2);
    }

    @Test
    void a_spent_budget_answers_request_limit_exceeded_with_the_salesforce_message() throws Exception {
        for (int i = 0; i < 5; i++) {
            ok(api.get(V + "/limits"));
        }
        HttpResponse<String> over = api.get(V + "/limits");
        assertError(over, 403, "REQUEST_LIMIT_EXCEEDED");
        assertThat(json(over).get(0).get("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        assertThat(over.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=6/5");
    }

    @Test
    void the_budget_resets_when_the_clock_enters_the_next_utc_day() throws Exception {
        for (int i = 0; i < 5; i++) {
            ok(api.get(V + "/limits"));
        }
        server.org().clock().advance(Duration.ofMinutes(119)); // 23:59 the same day
        api.login(); // the 30-minute session timed out meanwhile
        assertError(api.get(V + "/limits"), 403, "REQUEST_LIMIT_EXCEEDED");
        server.org().clock().advance(Duration.ofMinutes(1)); // 00:00 next day
        HttpResponse<String> fresh = api.get(V + "/limits");
        assertThat(ok(fresh).get("DailyApiRequests").get("Remaining").asLong()).isEqualTo(4);
        assertThat(fresh.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=1/5");
    }

    @Test
    void the_admin_api_sets_and_reads_the_budget() throws Exception {
        JsonNode set = ok(api.admin("POST", "limits?daily=1000&used=990"));
        assertThat(set.get("dailyApiLimit").asLong()).isEqualTo(1000);
        assertThat(set.get("remaining").asLong()).isEqualTo(10);
        HttpResponse<String> r = api.get(V + "/limits");
        assertThat(r.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=991/1000");
        assertThat(ok(r).get("DailyApiRequests").get("Remaining").asLong()).isEqualTo(9);
        assertThat(ok(api.admin("GET", "limits")).get("apiCallsUsed").asLong()).isEqualTo(991);
        assertThat(api.admin("POST", "limits?daily=0").statusCode()).isEqualTo(400);
        assertThat(api.admin("POST", "limits").statusCode()).isEqualTo(400);
        assertThat(api.admin("DELETE", "limits").statusCode()).isEqualTo(400);
    }

    @Test
    void a_session_expires_after_the_timeout_without_calls_on_the_emulator_clock() throws Exception {
        server.org().clock().advance(Duration.ofMinutes(29));
        ok(api.get(V + "/limits")); // activity restarts the timer
        server.org().clock().advance(Duration.ofMinutes(29));
        ok(api.get(V + "/limits"));
        server.org().clock().advance(Duration.ofMinutes(30));
        HttpResponse<String> expired = api.get(V + "/limits");
        assertError(expired, 401, "INVALID_SESSION_ID");
        assertThat(json(expired).get(0).get("message").asText()).isEqualTo("Session expired or invalid");
        assertThat(expired.headers().firstValue("Sforce-Limit-Info")).isPresent();
        api.login();
        ok(api.get(V + "/limits"));
    }

    @Test
    void the_default_session_timeout_is_two_hours_like_salesforce() {
        assertThat(EmulatorConfig.defaults().sessionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> EmulatorConfig.defaults().withSessionTimeout(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expiring_all_sessions_through_the_admin_api_forces_a_new_login() throws Exception {
        ok(api.get(V + "/limits"));
        assertThat(ok(api.admin("POST", "sessions/expire")).get("expired").asInt()).isEqualTo(1);
        assertError(api.get(V + "/limits"), 401, "INVALID_SESSION_ID");
        assertThat(api.admin("GET", "sessions/expire").statusCode()).isEqualTo(400);
    }
}
