package io.sfsync.emulator;

import io.sfsync.emulator.auth.OAuthEndpoints;
import io.sfsync.emulator.org.SfIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Wire-level shapes of the emulated REST API, checked with the JDK HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "/services/data/v62.0";
    private final HttpClient http = HttpClient.newHttpClient();
    private EmulatorServer server;
    private String token;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(4500, 20));
        token = passwordLogin().get("access_token").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(req(path).GET());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> query(String soql) throws Exception {
        return get(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> token(String form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    private JsonNode passwordLogin() throws Exception {
        HttpResponse<String> r = token("grant_type=password&client_id=sfsync-demo&client_secret=sfsync-demo"
                + "&username=sync%40sfsync.local&password=sfsync");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String errorCode) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.isArray()).as(r.body()).isTrue();
        assertThat(body.get(0).get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get(0).has("message")).isTrue();
    }

    // ------------------------------------------------------------------ OAuth

    @Test
    void password_grant_returns_salesforce_token_fields() throws Exception {
        JsonNode t = passwordLogin();
        assertThat(t.get("access_token").asText()).startsWith("00D");
        assertThat(t.get("instance_url").asText()).isEqualTo(server.baseUrl());
        assertThat(t.get("id").asText()).matches(server.baseUrl().replace(".", "\\.")
                + "/id/00D[0-9A-Za-z]{15}/005[0-9A-Za-z]{15}");
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("issued_at").asText()).matches("\\d{13}");
        assertThat(t.get("signature").asText()).isEqualTo(OAuthEndpoints.sign(t.get("id").asText()
                + t.get("issued_at").asText(), "sfsync-demo"));
    }

    @Test
    void client_credentials_grant_accepts_form_and_basic_auth() throws Exception {
        assertThat(token("grant_type=client_credentials&client_id=sfsync-demo&client_secret=sfsync-demo").statusCode())
                .isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("sfsync-demo:sfsync-demo".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = token("grant_type=client_credentials", "Authorization", "Basic " + basic);
        assertThat(r.statusCode()).isEqualTo(200);
        String t = json(r).get("access_token").asText();
        assertThat(send(HttpRequest.newBuilder(URI.create(server.baseUrl() + V + "/limits"))
                .header("Authorization", "OAuth " + t)).statusCode()).isEqualTo(200);
    }

    @Test
    void bad_credentials_and_clients_are_oauth_errors() throws Exception {
        HttpResponse<String> bad = token("grant_type=password&client_id=sfsync-demo&client_secret=sfsync-demo"
                + "&username=sync%40sfsync.local&password=wrong");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(bad).get("error_description").asText()).isEqualTo("authentication failure");
        HttpResponse<String> client = token("grant_type=password&client_id=nope&client_secret=x&username=a&password=b");
        assertThat(json(client).get("error").asText()).isEqualTo("invalid_client_id");
        assertThat(json(client).get("error_description").asText()).isEqualTo("client identifier invalid");
        assertThat(json(token("grant_type=authorization_code&client_id=sfsync-demo")).get("error").asText())
                .isEqualTo("unsupported_grant_type");
    }

    @Test
    void revoked_or_missing_tokens_get_401() throws Exception {
        String t = passwordLogin().get("access_token").asText();
        HttpResponse<String> revoke = send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/services/oauth2/revoke?token=" + URLEncoder.encode(t, StandardCharsets.UTF_8))).GET());
        assertThat(revoke.statusCode()).isEqualTo(200);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + V + "/limits"))
                .header("Authorization", "Bearer " + t));
        assertError(r, 401, "INVALID_SESSION_ID");
        assertThat(json(r).get(0).get("message").asText()).isEqualTo("Session expired or invalid");
        assertError(send(HttpRequest.newBuilder(URI.create(server.baseUrl() + V + "/sobjects"))), 401,
                "INVALID_SESSION_ID");
    }

    // ------------------------------------------------------------------ versions, describe, limits

    @Test
    void versions_list_is_public_and_covers_current_releases() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/data/")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode versions = json(r);
        List<String> list = new ArrayList<>();
        versions.forEach(v -> list.add(v.get("version").asText()));
        assertThat(list).contains("31.0", "62.0", "64.0");
        JsonNode v62 = versions.get(list.indexOf("62.0"));
        assertThat(v62.get("label").asText()).isEqualTo("Winter '25");
        assertThat(v62.get("url").asText()).isEqualTo("/services/data/v62.0");
        assertThat(versions.get(list.indexOf("64.0")).get("label").asText()).isEqualTo("Summer '25");
        assertThat(versions.get(list.indexOf("31.0")).get("label").asText()).isEqualTo("Summer '14");
        assertError(get("/services/data/v12.0/limits"), 404, "NOT_FOUND");
    }

    @Test
    void describe_global_and_describe_lead() throws Exception {
        JsonNode global = getJson(V + "/sobjects/");
        assertThat(global.get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(global.get("maxBatchSize").asInt()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        global.get("sobjects").forEach(o -> names.add(o.get("name").asText()));
        assertThat(names).contains("Lead", "Contact", "Account", "User");

        JsonNode lead = getJson(V + "/sobjects/Lead/describe");
        assertThat(lead.get("name").asText()).isEqualTo("Lead");
        assertThat(lead.get("keyPrefix").asText()).isEqualTo("00Q");
        assertThat(lead.get("urls").get("describe").asText()).isEqualTo(V + "/sobjects/Lead/describe");
        Map<String, JsonNode> fields = new java.util.HashMap<>();
        lead.get("fields").forEach(f -> fields.put(f.get("name").asText(), f));
        JsonNode lastName = fields.get("LastName");
        assertThat(lastName.get("type").asText()).isEqualTo("string");
        assertThat(lastName.get("length").asInt()).isEqualTo(80);
        assertThat(lastName.get("nillable").asBoolean()).isFalse();
        assertThat(lastName.get("createable").asBoolean()).isTrue();
        JsonNode name = fields.get("Name");
        assertThat(name.get("calculated").asBoolean()).isTrue();
        assertThat(name.get("createable").asBoolean()).isFalse();
        JsonNode status = fields.get("Status");
        assertThat(status.get("defaultedOnCreate").asBoolean()).isTrue();
        assertThat(status.get("picklistValues").get(0).get("value").asText()).isEqualTo("Open - Not Contacted");
        assertThat(status.get("picklistValues").get(0).get("defaultValue").asBoolean()).isTrue();
        assertThat(fields.get("OwnerId").get("referenceTo")).extracting(JsonNode::asText).containsExactly("Group", "User");
        assertThat(fields.get("SystemModstamp").get("type").asText()).isEqualTo("datetime");
        assertThat(fields.get("SystemModstamp").get("updateable").asBoolean()).isFalse();
        assertError(get(V + "/sobjects/Foo/describe"), 404, "NOT_FOUND");
        assertThat(json(get(V + "/sobjects/Foo/describe")).get(0).get("message").asText())
                .isEqualTo("The requested resource does not exist");
    }

    @Test
    void every_data_response_carries_the_api_usage_header() throws Exception {
        long before = server.org().apiCallsUsed();
        HttpResponse<String> r = get(V + "/limits");
        long after = server.org().apiCallsUsed();
        assertThat(after).isGreaterThan(before);
        assertThat(r.headers().firstValue("Sforce-Limit-Info")).get().asString().matches("api-usage=\\d+/100000");
        assertThat(json(r).get("DailyApiRequests").get("Max").asLong()).isEqualTo(100_000);
        assertThat(query("SELECT Foo FROM Lead").headers().firstValue("Sforce-Limit-Info")).isPresent();
    }

    @Test
    void exceeding_the_daily_limit_yields_request_limit_exceeded() throws Exception {
        try (EmulatorServer small = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0).withDailyApiLimit(1))) {
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(small.baseUrl() + "/services/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=sfsync-demo&client_secret=sfsync-demo")));
            String t = json(login).get("access_token").asText();
            HttpRequest limits = HttpRequest.newBuilder(URI.create(small.baseUrl() + V + "/limits"))
                    .header("Authorization", "Bearer " + t).build();
            assertThat(http.send(limits, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> over = http.send(limits, HttpResponse.BodyHandlers.ofString());
            assertError(over, 403, "REQUEST_LIMIT_EXCEEDED");
            assertThat(over.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=2/1");
        }
    }

    // ------------------------------------------------------------------ query

    @Test
    void query_pages_through_default_batches_with_relative_next_records_url() throws Exception {
        int total = server.org().count("Lead");
        JsonNode page = json(query("SELECT Id, Email, CreatedDate, NumberOfEmployees, DoNotCall FROM Lead ORDER BY Id"));
        assertThat(page.fieldNames()).toIterable().containsExactly("totalSize", "done", "nextRecordsUrl", "records");
        assertThat(page.get("totalSize").asInt()).isEqualTo(total);
        assertThat(page.get("done").asBoolean()).isFalse();
        assertThat(page.get("nextRecordsUrl").asText()).matches(V.replace(".", "\\.") + "/query/01g[0-9A-Za-z]{15}-2000");
        List<Integer> sizes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        sizes.add(page.get("records").size());
        page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
        JsonNode first = page.get("records").get(0);
        assertThat(first.fieldNames()).toIterable()
                .containsExactly("attributes", "Id", "Email", "CreatedDate", "NumberOfEmployees", "DoNotCall");
        assertThat(first.get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(first.get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Lead/" + first.get("Id").asText());
        assertThat(first.get("CreatedDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(first.get("DoNotCall").isBoolean()).isTrue();
        while (!page.get("done").asBoolean()) {
            page = getJson(page.get("nextRecordsUrl").asText());
            sizes.add(page.get("records").size());
            page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
            assertThat(page.get("totalSize").asInt()).isEqualTo(total);
        }
        assertThat(page.has("nextRecordsUrl")).isFalse();
        assertThat(sizes).containsExactly(2000, 2000, total - 4000);
        assertThat(ids).hasSize(total);
    }

    @Test
    void batch_size_query_option_is_honoured() throws Exception {
        HttpResponse<String> r = send(req(V + "/query/?q=" + URLEncoder.encode("SELECT Id FROM Lead", StandardCharsets.UTF_8))
                .header("Sforce-Query-Options", "batchSize=500").GET());
        JsonNode page = json(r);
        assertThat(page.get("records").size()).isEqualTo(500);
        assertThat(page.get("nextRecordsUrl").asText()).endsWith("-500");
        JsonNode second = getJson(page.get("nextRecordsUrl").asText());
        assertThat(second.get("records").size()).isEqualTo(500);
        assertThat(second.get("nextRecordsUrl").asText()).endsWith("-1000");
    }

    @Test
    void query_all_shows_deleted_records_and_count_query_has_no_records() throws Exception {
        String id = (String) server.org().create("Contact", Map.of("LastName", "Gone")).get("Id");
        server.org().delete("Contact", id);
        String soql = URLEncoder.encode("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Gone'", StandardCharsets.UTF_8);
        assertThat(getJson(V + "/query?q=" + soql).get("totalSize").asInt()).isZero();
        JsonNode all = getJson(V + "/queryAll?q=" + soql);
        assertThat(all.get("totalSize").asInt()).isEqualTo(1);
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
        JsonNode count = json(query("SELECT COUNT() FROM Contact"));
        assertThat(count.get("totalSize").asInt()).isEqualTo(server.org().count("Contact"));
        assertThat(count.get("done").asBoolean()).isTrue();
        assertThat(count.get("records").size()).isZero();
    }

    @Test
    void query_errors_are_salesforce_error_arrays() throws Exception {
        HttpResponse<String> r = query("SELECT Foo FROM Lead");
        assertError(r, 400, "INVALID_FIELD");
        assertThat(json(r).get(0).get("message").asText()).startsWith("\nSELECT Foo FROM Lead\n       ^\nERROR at Row:1:Column:8");
        assertError(query("SELECT Id FROM Nope"), 400, "INVALID_TYPE");
        assertError(query("SELECT Id FROM Lead WHERE"), 400, "MALFORMED_QUERY");
        assertError(get(V + "/query"), 400, "MALFORMED_QUERY");
        assertError(get(V + "/query/01g8d0000000000AAA-2000"), 400, "INVALID_QUERY_LOCATOR");
    }

    @Test
    void cursors_expire_after_fifteen_minutes_unused() throws Exception {
        JsonNode page = json(query("SELECT Id FROM Lead"));
        String next = page.get("nextRecordsUrl").asText();
        server.org().clock().advance(Duration.ofMinutes(16));
        assertError(get(next), 400, "INVALID_QUERY_LOCATOR");
    }

    @Test
    void at_most_ten_cursors_stay_open_and_the_oldest_is_closed() throws Exception {
        server.org().clock().freeze();
        try {
            String oldest = json(query("SELECT Id FROM Lead")).get("nextRecordsUrl").asText();
            server.org().clock().advance(Duration.ofMillis(1));
            List<String> newer = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                newer.add(json(query("SELECT Id FROM Lead")).get("nextRecordsUrl").asText());
                server.org().clock().advance(Duration.ofMillis(1));
            }
            assertError(get(oldest), 400, "INVALID_QUERY_LOCATOR");
            assertThat(get(newer.get(0)).statusCode()).isEqualTo(200);
        } finally {
            server.org().clock().unfreeze();
        }
    }

    // ------------------------------------------------------------------ CRUD

    @Test
    void create_retrieve_update_delete() throws Exception {
        HttpResponse<String> created = send(req(V + "/sobjects/Lead").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"LastName\":\"Http\",\"Company\":\"Wire Inc\",\"NumberOfEmployees\":7}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode c = json(created);
        String id = c.get("id").asText();
        assertThat(c.get("success").asBoolean()).isTrue();
        assertThat(c.get("errors").size()).isZero();

        JsonNode rec = getJson(V + "/sobjects/Lead/" + id);
        assertThat(rec.get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Lead/" + id);
        assertThat(rec.get("Company").asText()).isEqualTo("Wire Inc");
        assertThat(rec.get("NumberOfEmployees").asInt()).isEqualTo(7);
        assertThat(rec.get("Status").asText()).isEqualTo("Open - Not Contacted");
        JsonNode some = getJson(V + "/sobjects/Lead/" + id.substring(0, 15) + "?fields=Company,LastName");
        assertThat(some.fieldNames()).toIterable().containsExactly("attributes", "Company", "LastName");

        HttpResponse<String> patched = send(req(V + "/sobjects/Lead/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Title\":\"Boss\"}")));
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(server.org().get("Lead", id).orElseThrow().get("Title")).isEqualTo("Boss");

        assertThat(send(req(V + "/sobjects/Lead/" + id).DELETE()).statusCode()).isEqualTo(204);
        assertError(get(V + "/sobjects/Lead/" + id), 404, "NOT_FOUND");
        assertError(send(req(V + "/sobjects/Lead/" + id).method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Title\":\"x\"}"))),
                404, "ENTITY_IS_DELETED");
    }

    @Test
    void write_errors_carry_fields() throws Exception {
        HttpResponse<String> missing = send(req(V + "/sobjects/Lead").POST(HttpRequest.BodyPublishers.ofString("{\"FirstName\":\"A\"}")));
        assertError(missing, 400, "REQUIRED_FIELD_MISSING");
        assertThat(json(missing).get(0).get("message").asText()).isEqualTo("Required fields are missing: [LastName, Company]");
        assertThat(json(missing).get(0).get("fields")).extracting(JsonNode::asText).containsExactly("LastName", "Company");

        HttpResponse<String> unknown = send(req(V + "/sobjects/Lead").POST(HttpRequest.BodyPublishers.ofString(
                "{\"LastName\":\"A\",\"Company\":\"B\",\"Foo\":1}")));
        assertError(unknown, 400, "INVALID_FIELD");
        assertThat(json(unknown).get(0).get("message").asText()).isEqualTo("No such column 'Foo' on sobject of type Lead");

        HttpResponse<String> readOnly = send(req(V + "/sobjects/Lead").POST(HttpRequest.BodyPublishers.ofString(
                "{\"LastName\":\"A\",\"Company\":\"B\",\"Name\":\"X\"}")));
        assertError(readOnly, 400, "INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(json(readOnly).get(0).get("fields")).extracting(JsonNode::asText).containsExactly("Name");

        HttpResponse<String> tooLong = send(req(V + "/sobjects/Lead").POST(HttpRequest.BodyPublishers.ofString(
                "{\"LastName\":\"A\",\"Company\":\"B\",\"City\":\"" + "c".repeat(41) + "\"}")));
        assertError(tooLong, 400, "STRING_TOO_LONG");
        assertThat(json(tooLong).get(0).get("message").asText()).startsWith("City: data value too large: ccc").endsWith("(max length=40)");

        assertError(send(req(V + "/sobjects/Lead").POST(HttpRequest.BodyPublishers.ofString("{oops"))), 400, "JSON_PARSER_ERROR");
        assertError(send(req(V + "/sobjects/Lead/abc").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))), 400, "MALFORMED_ID");
        assertError(get(V + "/sobjects/Lead/abc"), 404, "NOT_FOUND");
        assertError(send(req(V + "/sobjects/Nope").POST(HttpRequest.BodyPublishers.ofString("{}"))), 404, "NOT_FOUND");
        assertError(send(req(V + "/sobjects/Lead/" + SfIds.make("00Q", SfIds.COUNTER_BASE + 999_999)).DELETE()), 404, "NOT_FOUND");
    }

    // ------------------------------------------------------------------ faults and admin

    @Test
    void injected_faults_fail_the_next_matching_requests() throws Exception {
        server.org().failNext(2, "/limits", 503, "SERVER_UNAVAILABLE", "try later");
        assertError(get(V + "/limits"), 503, "SERVER_UNAVAILABLE");
        HttpResponse<String> second = get(V + "/limits");
        assertError(second, 503, "SERVER_UNAVAILABLE");
        assertThat(json(second).get(0).get("message").asText()).isEqualTo("try later");
        assertThat(get(V + "/limits").statusCode()).isEqualTo(200);

        server.org().failNext(1, "/oauth2/token", 400, "invalid_grant", "authentication failure");
        HttpResponse<String> login = token("grant_type=client_credentials&client_id=sfsync-demo&client_secret=sfsync-demo");
        assertThat(login.statusCode()).isEqualTo(400);
        assertThat(json(login).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void admin_api_seeds_advances_clock_injects_faults_and_reports_stats() throws Exception {
        HttpResponse<String> seeded = send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/_emulator/seed?object=Account&count=3")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
        assertThat(json(seeded).get("seeded").asInt()).isEqualTo(3);

        java.time.Instant before = server.org().clock().now();
        HttpResponse<String> adv = send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/_emulator/clock/advance?seconds=3600")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(adv.statusCode()).isEqualTo(200);
        assertThat(server.org().clock().now()).isAfterOrEqualTo(before.plusSeconds(3600));

        HttpResponse<String> fault = send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/_emulator/faults?path=/sobjects/Account/describe&count=1&status=500&errorCode=UNKNOWN_EXCEPTION&message=boom"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(fault.statusCode()).isEqualTo(200);
        assertError(get(V + "/sobjects/Account/describe"), 500, "UNKNOWN_EXCEPTION");

        JsonNode stats = json(send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_emulator/stats"))));
        assertThat(stats.get("apiCallsUsed").asLong()).isEqualTo(server.org().apiCallsUsed());
        assertThat(stats.get("records").get("Lead").asInt()).isEqualTo(server.org().count("Lead"));
    }
}
