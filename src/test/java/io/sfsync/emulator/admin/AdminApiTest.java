package io.sfsync.emulator.admin;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorHttp;
import io.sfsync.emulator.EmulatorServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's own admin API: connection faults and per-endpoint statistics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    private EmulatorServer server;
    private EmulatorHttp api;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(300, 0));
        api = new EmulatorHttp(server).login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void added_latency_makes_a_client_with_a_shorter_timeout_give_up_only_for_the_matching_requests() throws Exception {
        JsonNode fault = ok(api.admin("POST", "faults?path=/sobjects/Contact/describe&latencyMs=3000&count=1"));
        assertThat(fault.get("latencyMs").asLong()).isEqualTo(3000);
        assertThat(fault.get("drop").asBoolean()).isFalse();
        assertThat(fault.has("errorCode")).isFalse();
        ok(api.send(api.req(V + "/sobjects/Lead/describe").timeout(Duration.ofMillis(2500)).GET()));
        assertThatThrownBy(() -> api.send(api.req(V + "/sobjects/Contact/describe").timeout(Duration.ofMillis(300)).GET()))
                .isInstanceOf(HttpTimeoutException.class);
        ok(api.send(api.req(V + "/sobjects/Contact/describe").timeout(Duration.ofMillis(2500)).GET()));
    }

    @Test
    void a_dropped_connection_cuts_the_response_short_for_the_next_n_matching_requests() throws Exception {
        ok(api.admin("POST", "faults?path=/queryAll&drop=true&count=2"));
        String q = V + "/queryAll?q=SELECT+Id+FROM+Lead";
        assertThatThrownBy(() -> api.get(q)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> api.get(q)).isInstanceOf(IOException.class);
        assertThat(ok(api.get(q)).get("totalSize").asInt()).isEqualTo(server.org().count("Lead"));
    }

    @Test
    void latency_can_be_combined_with_an_error_answer() throws Exception {
        JsonNode fault = ok(api.admin("POST", "faults?path=/limits&latencyMs=1&status=503&errorCode=SERVER_UNAVAILABLE"));
        assertThat(fault.get("status").asInt()).isEqualTo(503);
        assertError(api.get(V + "/limits"), 503, "SERVER_UNAVAILABLE");
        ok(api.get(V + "/limits"));
        assertThat(api.admin("POST", "faults?path=/x&latencyMs=-1").statusCode()).isEqualTo(400);
        assertThat(api.admin("POST", "faults?path=/x&drop=true&count=0").statusCode()).isEqualTo(400);
    }

    @Test
    void stats_count_the_api_calls_per_endpoint() throws Exception {
        JsonNode before = ok(api.admin("GET", "stats")).get("calls");
        long queries = before.path("query").asLong();
        long leads = before.path("sobjects/Lead").asLong();
        HttpResponse<String> page = api.send(api.req(V + "/query?q=SELECT+Id+FROM+Lead")
                .header("Sforce-Query-Options", "batchSize=200").GET());
        ok(api.get(ok(page).get("nextRecordsUrl").asText().replace("/services/data/v62.0", V)));
        String id = server.org().all("Lead").get(0).get("Id").toString();
        ok(api.get(V + "/sobjects/Lead/" + id));
        ok(api.get(V + "/sobjects/Lead/describe"));
        ok(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}"));
        JsonNode stats = ok(api.admin("GET", "stats"));
        JsonNode calls = stats.get("calls");
        assertThat(calls.get("query").asLong()).isEqualTo(queries + 1);
        assertThat(calls.get("queryMore").asLong()).isPositive();
        assertThat(calls.get("sobjects/Lead").asLong()).isEqualTo(leads + 1);
        assertThat(calls.get("sobjects/Lead/describe").asLong()).isPositive();
        assertThat(calls.get("jobs/query").asLong()).isPositive();
        assertThat(stats.get("apiCallsUsed").asLong()).isEqualTo(server.org().apiCallsUsed());
        assertThat(stats.get("dailyApiLimit").asLong()).isEqualTo(100_000);
    }

    @Test
    void endpoint_keys_leave_out_ids_and_group_query_more() {
        assertThat(EndpointStats.key(java.util.List.of())).isEqualTo("resources");
        assertThat(EndpointStats.key(java.util.List.of("queryAll", "01g-2000"))).isEqualTo("queryMore");
        assertThat(EndpointStats.key(java.util.List.of("sobjects"))).isEqualTo("sobjects");
        assertThat(EndpointStats.key(java.util.List.of("jobs", "ingest", "750x", "batches"))).isEqualTo("jobs/ingest");
        assertThat(EndpointStats.key(java.util.List.of("limits"))).isEqualTo("limits");
    }
}
