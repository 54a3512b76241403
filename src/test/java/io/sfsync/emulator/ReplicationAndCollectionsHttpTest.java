package io.sfsync.emulator;

import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.Values;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wire shapes of relationship queries, queryAll after merge, getUpdated / getDeleted, upsert by external id and
 * sObject collections, checked with the JDK HTTP client against Salesforce's documented responses.
 */
class ReplicationAndCollectionsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "/services/data/v62.0";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:30Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private EmulatorServer server;
    private EmulatorOrg org;
    private String token;

    @BeforeEach
    void start() throws Exception {
        // Days pass on the emulator clock here; sessions must outlive them (they are not under test).
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0).withSessionTimeout(Duration.ofDays(365)));
        org = server.org();
        org.clock().freeze(T0);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=sfsync-demo"
                        + "&client_secret=sfsync-demo&username=sync%40sfsync.local&password=sfsync")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(r.body()).get("access_token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String errorCode, String message)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body()).get(0);
        assertThat(e.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(e.get("message").asText()).contains(message);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String lead(String last) {
        return (String) org.create("Lead", Map.of("LastName", last, "Company", "C")).get("Id");
    }

    // ------------------------------------------------------------------ queries

    @Test
    void relationship_fields_are_nested_records_with_attributes() throws Exception {
        String acme = (String) org.create("Account", Map.of("Name", "Acme")).get("Id");
        org.create("Contact", Map.of("LastName", "Doe", "AccountId", acme));
        org.create("Contact", Map.of("LastName", "Solo"));
        JsonNode page = ok(call("GET", V + "/query?q=" + enc("SELECT Id, Account.Name, LastName, Owner.Name,"
                + " Account.Id FROM Contact ORDER BY LastName"), null), 200);
        JsonNode doe = page.get("records").get(0);
        List<String> names = new ArrayList<>();
        doe.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("attributes", "Id", "Account", "LastName", "Owner");
        assertThat(doe.get("Account").toString()).isEqualTo("{\"attributes\":{\"type\":\"Account\",\"url\":\""
                + V + "/sobjects/Account/" + acme + "\"},\"Name\":\"Acme\",\"Id\":\"" + acme + "\"}");
        assertThat(doe.get("Owner").get("attributes").get("type").asText()).isEqualTo("User");
        assertThat(doe.get("Owner").get("Name").asText()).isEqualTo("Integration Sync");
        assertThat(page.get("records").get(1).get("Account").isNull()).isTrue();
        assertError(call("GET", V + "/query?q=" + enc("SELECT Manager.Name FROM Contact"), null), 400,
                "INVALID_FIELD", "Didn't understand relationship 'Manager' in field path");
    }

    @Test
    void query_all_returns_deleted_and_merged_records_with_master_record_id() throws Exception {
        String master = lead("Master");
        String dup = lead("Duplicate");
        String gone = lead("Gone");
        org.merge("Lead", master, dup);
        org.delete("Lead", gone);
        String soql = enc("SELECT Id, IsDeleted, MasterRecordId FROM Lead ORDER BY LastName");
        assertThat(ok(call("GET", V + "/query?q=" + soql, null), 200).get("totalSize").asInt()).isEqualTo(1);
        JsonNode all = ok(call("GET", V + "/queryAll?q=" + soql, null), 200).get("records");
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("Id").asText()).isEqualTo(dup);
        assertThat(all.get(0).get("IsDeleted").asBoolean()).isTrue();
        assertThat(all.get(0).get("MasterRecordId").asText()).isEqualTo(master);
        assertThat(all.get(1).get("MasterRecordId").isNull()).isTrue();
        assertThat(org.get("Lead", master).orElseThrow().get("IsDeleted")).isEqualTo(false);
    }

    @Test
    void merge_rejects_deleted_records_and_merging_a_record_with_itself() {
        String a = lead("A");
        String b = lead("B");
        org.delete("Lead", b);
        assertThatThrownBy(() -> org.merge("Lead", a, b)).extracting("errorCode").isEqualTo("ENTITY_IS_DELETED");
        assertThatThrownBy(() -> org.merge("Lead", a, a)).extracting("errorCode").isEqualTo("INVALID_ID_FIELD");
        assertThatThrownBy(() -> org.merge("User", org.userId(), org.userId())).extracting("errorCode")
                .isEqualTo("INVALID_TYPE_FOR_OPERATION");
    }

    // ------------------------------------------------------------------ getUpdated / getDeleted

    @Test
    void get_updated_lists_changed_ids_and_rounds_latest_date_covered_down_to_the_minute() throws Exception {
        String before = lead("Before");
        org.clock().advance(Duration.ofMinutes(10));
        String created = lead("Created");
        org.update("Lead", before, Map.of("Title", "x"));
        String deleted = lead("Deleted");
        org.delete("Lead", deleted);
        org.clock().advance(Duration.ofMinutes(5));
        String path = V + "/sobjects/Lead/updated/?start=" + enc("2026-11-20T10:05:00+00:00") + "&end="
                + enc("2026-11-20T10:15:45+00:00");
        JsonNode body = ok(call("GET", path, null), 200);
        assertThat(body.get("ids")).extracting(JsonNode::asText).containsExactly(before, created);
        assertThat(body.get("latestDateCovered").asText()).isEqualTo("2026-11-20T10:15:00.000+0000");
        assertError(call("GET", V + "/sobjects/Lead/updated/?start=" + enc("2026-10-01T00:00:00+00:00") + "&end="
                + enc("2026-11-20T10:00:00+00:00"), null), 400, "INVALID_REPLICATION_DATE", "30 days");
        assertError(call("GET", V + "/sobjects/Lead/updated/?start=" + enc("2026-11-20T10:00:00+00:00") + "&end="
                + enc("2026-11-19T10:00:00+00:00"), null), 400, "INVALID_REPLICATION_DATE", "precede");
        assertError(call("GET", V + "/sobjects/Lead/updated/?end=" + enc("2026-11-19T10:00:00+00:00"), null), 400,
                "MISSING_ARGUMENT", "start");
        assertThat(call("POST", path, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void get_deleted_honours_the_fifteen_day_recycle_bin() throws Exception {
        String old = lead("Old");
        String recent = lead("Recent");
        org.delete("Lead", old);
        org.clock().advance(Duration.ofDays(10));
        org.delete("Lead", recent);
        String recentDeletedAt = Values.formatDateTime(org.clock().nowMillis());
        org.clock().advance(Duration.ofDays(6)); // old was deleted 16 days ago: purged
        String path = V + "/sobjects/Lead/deleted/?start=" + enc("2026-11-25T00:00:00+00:00") + "&end="
                + enc("2026-12-06T10:00:59+00:00");
        JsonNode body = ok(call("GET", path, null), 200);
        assertThat(body.get("deletedRecords")).hasSize(1);
        assertThat(body.get("deletedRecords").get(0).get("id").asText()).isEqualTo(recent);
        assertThat(body.get("deletedRecords").get(0).get("deletedDate").asText()).isEqualTo(recentDeletedAt);
        assertThat(body.get("earliestDateAvailable").asText()).isEqualTo("2026-11-21T10:00:00.000+0000");
        assertThat(body.get("latestDateCovered").asText()).isEqualTo("2026-12-06T10:00:00.000+0000");
        assertError(call("GET", V + "/sobjects/Lead/deleted/?start=" + enc("2026-11-20T10:00:00+00:00") + "&end="
                + enc("2026-12-06T10:00:00+00:00"), null), 400, "INVALID_REPLICATION_DATE", "earliestDateAvailable");
        JsonNode all = ok(call("GET", V + "/queryAll?q=" + enc("SELECT Id FROM Lead"), null), 200);
        assertThat(all.get("records")).extracting(r -> r.get("Id").asText()).containsExactly(recent);
        assertError(call("GET", V + "/sobjects/Nope/deleted/?start=x&end=y", null), 404, "NOT_FOUND", "");
    }

    // ------------------------------------------------------------------ upsert

    @Test
    void upsert_by_external_id_creates_then_updates() throws Exception {
        String path = V + "/sobjects/Contact/Sfsync_Id__c/ext-1";
        JsonNode created = ok(call("PATCH", path, "{\"LastName\":\"Doe\"}"), 201);
        assertThat(created.toString()).isEqualTo("{\"id\":\"" + created.get("id").asText()
                + "\",\"success\":true,\"errors\":[],\"created\":true}");
        JsonNode updated = ok(call("PATCH", path, "{\"LastName\":\"Roe\"}"), 200);
        assertThat(updated.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(updated.get("created").asBoolean()).isFalse();
        assertThat(org.get("Contact", created.get("id").asText()).orElseThrow()).containsEntry("LastName", "Roe")
                .containsEntry("Sfsync_Id__c", "ext-1");
        assertThat(call("PATCH", "/services/data/v45.0/sobjects/Contact/Sfsync_Id__c/ext-1", "{\"Title\":\"t\"}")
                .statusCode()).isEqualTo(204);
    }

    @Test
    void upsert_errors_match_salesforce() throws Exception {
        org.create("Account", Map.of("Name", "A1", "External_Key__c", "K"));
        org.create("Account", Map.of("Name", "A2", "External_Key__c", "k"));
        HttpResponse<String> multi = call("PATCH", V + "/sobjects/Account/External_Key__c/K", "{\"Name\":\"x\"}");
        assertThat(multi.statusCode()).isEqualTo(300);
        assertThat(JSON.readTree(multi.body())).hasSize(2)
                .allSatisfy(u -> assertThat(u.asText()).startsWith(V + "/sobjects/Account/001"));
        assertError(call("PATCH", V + "/sobjects/Account/Name/A1", "{\"Name\":\"x\"}"), 404, "NOT_FOUND",
                "Provided external ID field does not exist or is not accessible: Name");
        org.create("Lead", Map.of("LastName", "L", "Company", "C", "Sfsync_Id__c", "dup"));
        assertError(call("POST", V + "/sobjects/Lead", "{\"LastName\":\"M\",\"Company\":\"C\",\"Sfsync_Id__c\":\"DUP\"}"),
                400, "DUPLICATE_VALUE", "duplicate value found: Sfsync_Id__c duplicates value on record with id: 00Q");
    }

    @Test
    void get_and_delete_by_external_id() throws Exception {
        String id = (String) org.create("Contact", Map.of("LastName", "Doe", "Title", "CTO", "Sfsync_Id__c", "ext-9"))
                .get("Id");
        JsonNode got = ok(call("GET", V + "/sobjects/Contact/Sfsync_Id__c/EXT-9", null), 200);
        assertThat(got.get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Contact/" + id);
        assertThat(got.get("Id").asText()).isEqualTo(id);
        assertThat(got.get("LastName").asText()).isEqualTo("Doe");
        assertThat(got.has("SystemModstamp")).isTrue();
        JsonNode some = ok(call("GET", V + "/sobjects/Contact/Sfsync_Id__c/ext-9?fields=Title", null), 200);
        assertThat(some.get("Title").asText()).isEqualTo("CTO");
        assertThat(some.has("LastName")).isFalse();
        assertThat(ok(call("GET", V + "/sobjects/Contact/Id/" + id, null), 200).get("Id").asText()).isEqualTo(id);

        assertError(call("GET", V + "/sobjects/Contact/Sfsync_Id__c/nope", null), 404, "NOT_FOUND",
                "The requested resource does not exist");
        assertError(call("GET", V + "/sobjects/Contact/LastName/Doe", null), 404, "NOT_FOUND",
                "Provided external ID field does not exist or is not accessible: LastName");
        org.create("Account", Map.of("Name", "A1", "External_Key__c", "K"));
        org.create("Account", Map.of("Name", "A2", "External_Key__c", "k"));
        HttpResponse<String> multi = call("GET", V + "/sobjects/Account/External_Key__c/K", null);
        assertThat(multi.statusCode()).isEqualTo(300);
        assertThat(JSON.readTree(multi.body())).hasSize(2);
        assertThat(call("DELETE", V + "/sobjects/Account/External_Key__c/K", null).statusCode()).isEqualTo(300);

        assertThat(call("DELETE", V + "/sobjects/Contact/Sfsync_Id__c/ext-9", null).statusCode()).isEqualTo(204);
        assertError(call("GET", V + "/sobjects/Contact/Sfsync_Id__c/ext-9", null), 404, "NOT_FOUND", "");
        JsonNode bin = ok(call("GET", V + "/queryAll?q=" + enc("SELECT Id, IsDeleted FROM Contact WHERE Id = '" + id + "'"),
                null), 200);
        assertThat(bin.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ collections

    private static String records(String... records) {
        return String.join(",", records);
    }

    @Test
    void collection_create_reports_per_record_results_without_all_or_none() throws Exception {
        String body = "{\"allOrNone\":false,\"records\":[" + records(
                "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Ok\",\"Company\":\"C\"}",
                "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"NoCompany\"}",
                "{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"" + "x".repeat(81) + "\"}",
                "{\"attributes\":{\"type\":\"Contact\"},\"LastName\":\"ro\",\"CreatedDate\":\"2026-01-01T00:00:00Z\"}",
                "{\"LastName\":\"NoType\"}") + "]}";
        JsonNode r = ok(call("POST", V + "/composite/sobjects", body), 200);
        assertThat(r.get(0).get("success").asBoolean()).isTrue();
        assertThat(r.get(0).get("id").asText()).startsWith("00Q");
        assertThat(r.get(0).get("errors")).isEmpty();
        assertThat(r.get(1).toString()).isEqualTo("{\"success\":false,\"errors\":[{\"statusCode\":"
                + "\"REQUIRED_FIELD_MISSING\",\"message\":\"Required fields are missing: [Company]\",\"fields\":"
                + "[\"Company\"]}]}");
        assertThat(r.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(r.get(3).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(r.get(4).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_TYPE");
        assertThat(org.count("Lead")).isEqualTo(1);
    }

    @Test
    void all_or_none_rolls_everything_back_and_marks_the_valid_records() throws Exception {
        String keep = lead("Keep");
        String doomed = lead("Doomed");
        org.clock().advance(Duration.ofMinutes(1));
        String update = "{\"allOrNone\":true,\"records\":[" + records(
                "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + keep + "\",\"Title\":\"changed\"}",
                "{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"" + doomed + "\",\"Email\":\"not-an-email\"}") + "]}";
        JsonNode r = ok(call("PATCH", V + "/composite/sobjects", update), 200);
        assertThat(r.get(0).toString()).isEqualTo("{\"id\":\"" + keep + "\",\"success\":false,\"errors\":[{"
                + "\"statusCode\":\"ALL_OR_NONE_OPERATION_ROLLED_BACK\",\"message\":\"Record rolled back because not"
                + " all records were valid and the request was using AllOrNone header\",\"fields\":[]}]}");
        assertThat(r.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(org.get("Lead", keep).orElseThrow().get("Title")).isNull();
        assertThat(org.query("SELECT Id FROM Lead WHERE SystemModstamp > 2026-11-20T10:00:40Z")).isEmpty();

        String create = "{\"allOrNone\":true,\"records\":[" + records(
                "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"New\",\"Company\":\"C\"}",
                "{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"Bad\"}") + "]}";
        JsonNode c = ok(call("POST", V + "/composite/sobjects", create), 200);
        assertThat(c.get(0).has("id")).isFalse();
        assertThat(c.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(org.count("Lead")).isEqualTo(2);
        assertThat(org.query("SELECT Id FROM Lead WHERE LastName = 'New'")).isEmpty();

        JsonNode d = ok(call("DELETE", V + "/composite/sobjects?ids=" + keep + "," + doomed.substring(0, 3)
                + "000000000000&allOrNone=true", null), 200);
        assertThat(d.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(d.get(1).get("success").asBoolean()).isFalse();
        assertThat(org.count("Lead")).isEqualTo(2);
    }

    @Test
    void collection_update_upsert_and_delete_succeed_per_record() throws Exception {
        String a = lead("A");
        JsonNode u = ok(call("PATCH", V + "/composite/sobjects", "{\"records\":[{\"attributes\":{\"type\":\"Lead\"},"
                + "\"id\":\"" + a + "\",\"Title\":\"T\"},{\"attributes\":{\"type\":\"Lead\"},\"Title\":\"no id\"}]}"), 200);
        assertThat(u.get(0).toString()).isEqualTo("{\"id\":\"" + a + "\",\"success\":true,\"errors\":[]}");
        assertThat(u.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("MISSING_ARGUMENT");
        JsonNode up = ok(call("PATCH", V + "/composite/sobjects/Contact/Sfsync_Id__c", "{\"allOrNone\":false,"
                + "\"records\":[{\"attributes\":{\"type\":\"Contact\"},\"Sfsync_Id__c\":\"c1\",\"LastName\":\"One\"}]}"), 200);
        assertThat(up.get(0).get("created").asBoolean()).isTrue();
        up = ok(call("PATCH", V + "/composite/sobjects/Contact/Sfsync_Id__c", "{\"records\":[{\"attributes\":"
                + "{\"type\":\"Contact\"},\"Sfsync_Id__c\":\"c1\",\"LastName\":\"Uno\"}]}"), 200);
        assertThat(up.get(0).get("created").asBoolean()).isFalse();
        assertThat(up.get(0).get("success").asBoolean()).isTrue();
        JsonNode d = ok(call("DELETE", V + "/composite/sobjects?ids=" + a + "," + a, null), 200);
        assertThat(d.get(0).toString()).isEqualTo("{\"id\":\"" + a + "\",\"success\":true,\"errors\":[]}");
        assertThat(d.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
    }

    @Test
    void failed_save_results_carry_no_id_while_failed_delete_results_name_a_recognised_record() throws Exception {
        String a = lead("A");
        JsonNode u = ok(call("PATCH", V + "/composite/sobjects", "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"id\":\"" + a + "\",\"Email\":\"not-an-email\"}]}"), 200);
        assertThat(u.get(0).has("id")).as(u.toString()).isFalse();
        assertThat(u.get(0).get("success").asBoolean()).isFalse();
        assertThat(u.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");

        JsonNode d = ok(call("DELETE", V + "/composite/sobjects?ids=" + a + "," + a + ",001xx000003DGb2999", null), 200);
        assertThat(d.get(1).get("id").asText()).isEqualTo(a);
        assertThat(d.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("ENTITY_IS_DELETED");
        assertThat(d.get(2).toString()).isEqualTo("{\"success\":false,\"errors\":[{\"statusCode\":\"MALFORMED_ID\","
                + "\"message\":\"malformed id 001xx000003DGb2999\",\"fields\":[]}]}");
    }

    @Test
    void collections_reject_more_than_two_hundred_records() throws Exception {
        List<String> recs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            recs.add("{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L" + i + "\",\"Company\":\"C\"}");
            ids.add(SfIds.make("00Q", SfIds.COUNTER_BASE + i));
        }
        assertError(call("POST", V + "/composite/sobjects", "{\"records\":[" + String.join(",", recs) + "]}"), 400,
                "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
        assertError(call("DELETE", V + "/composite/sobjects?ids=" + String.join(",", ids), null), 400,
                "EXCEEDED_ID_LIMIT", "200");
        assertError(call("POST", V + "/composite/sobjects", "[]"), 400, "JSON_PARSER_ERROR", "records");
        assertError(call("PATCH", V + "/composite/sobjects/Lead/LastName", "{\"records\":[]}"), 404, "NOT_FOUND",
                "Provided external ID field does not exist");
        assertThat(org.count("Lead")).isZero();
    }
}
