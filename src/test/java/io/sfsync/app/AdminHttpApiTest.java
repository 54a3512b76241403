package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepJson;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin HTTP API over real HTTP: what it answers to bad parameters, and that it echoes nothing of the request. */
class AdminHttpApiTest {

    @TempDir
    static Path data;

    private static TestApp app;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Properties config = TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "0");
        app = TestApp.start(config);
        app.cycle();
        base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("X-Probe", "secret-value").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_limit_that_is_not_a_number_is_answered_400_with_a_json_error() throws Exception {
        HttpResponse<String> r = get("/api/sync-steps?limit=abc");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).isEqualTo("{\"error\":\"limit must be a whole number between 1 and 10000, got 'abc'\"}");
    }

    @Test
    void a_limit_out_of_range_is_answered_400() throws Exception {
        assertThat(get("/api/sync-steps?limit=0").statusCode()).isEqualTo(400);
        HttpResponse<String> tooMany = get("/api/sync-steps?limit=10001");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("got '10001'");
        assertThat(get("/api/sync-steps?limit=10000").statusCode()).isEqualTo(200);
    }

    @Test
    void no_request_header_or_parameter_comes_back_as_a_response_header() throws Exception {
        for (String path : new String[] {"/api/sync-steps?limit=2", "/api/sync-steps?limit=abc", "/api/health?verbose=yes",
            "/api/dead-letters?limit=2&verbose=yes", "/api/dead-letters?since=abc", "/api/dead-letters/1?verbose=yes",
            "/api/dead-letters/abc", "/api/sync-steps?object=Lead&sort=finished&verbose=yes", "/api/sync-steps?sort=size",
            "/api/sync-steps/facets?verbose=yes", "/api/sync-steps/1?verbose=yes", "/api/sync-steps/abc",
            "/api/sync-steps/1/failed-records?verbose=yes", "/api/sync-steps/export?verbose=yes",
            "/api/sync-steps/1/failed-records/export?verbose=yes", "/api/backlog?verbose=yes",
            "/api/throughput?hours=abc", "/api/conflicts?verbose=yes"}) {
            HttpResponse<String> r = get(path);

            assertThat(r.headers().map().keySet()).as(path)
                    .noneMatch(h -> h.equalsIgnoreCase("X-Probe") || h.equalsIgnoreCase("limit")
                            || h.equalsIgnoreCase("verbose") || h.equalsIgnoreCase("object") || h.equalsIgnoreCase("sort")
                            || h.equalsIgnoreCase("hours") || h.equalsIgnoreCase("User-Agent") || h.startsWith("Camel"));
            assertThat(r.headers().map().values().toString()).as(path).doesNotContain("secret-value");
        }
        HttpResponse<String> ok = get("/api/sync-steps?limit=2");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(StepJson.parse(ok.body())).hasSize(2);
        assertThat(get("/api/health").statusCode()).isEqualTo(200);
    }
}
