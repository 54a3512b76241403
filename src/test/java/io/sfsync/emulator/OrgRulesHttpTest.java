package io.sfsync.emulator;

import io.sfsync.emulator.org.SfIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Org rules over plain HTTP: Salesforce error shapes, describe under field-level security, the admin API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrgRulesHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "/services/data/v62.0";
    private final HttpClient http = HttpClient.newHttpClient();
    private EmulatorServer server;
    private String token;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(20, 10));
        HttpResponse<String> r = new EmulatorHttp(server, http).token("grant_type=password&client_id=sfsync-demo"
                + "&client_secret=sfsync-demo&username=sync%40sfsync.local&password=sfsync");
        token = JSON.readTree(r.body()).get("access_token").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @AfterEach
    void resetRules() throws Exception {
        admin("DELETE", "/_emulator/access", null);
        admin("DELETE", "/_emulator/validation-rules", null);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> rest(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + V + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private String createLead(String lastName) throws Exception {
        HttpResponse<String> r = rest("POST", "/sobjects/Lead", "{\"LastName\":\"" + lastName + "\",\"Company\":\"Acme\","
                + "\"Email\":\"" + lastName.toLowerCase() + "@acme.example\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String errorCode) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.isArray()).as(r.body()).isTrue();
        assertThat(body.get(0).get("errorCode").asText()).isEqualTo(errorCode);
        return body.get(0);
    }

    private static List<String> fieldNames(JsonNode describe) {
        List<String> names = new ArrayList<>();
        describe.get("fields").forEach(f -> names.add(f.get("name").asText()));
        return names;
    }

    private JsonNode describe(String object) throws Exception {
        HttpResponse<String> r = rest("GET", "/sobjects/" + object + "/describe", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode f : describe.get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    @Test
    void describe_global_and_describe_cover_the_new_objects_with_real_field_metadata() throws Exception {
        JsonNode global = JSON.readTree(rest("GET", "/sobjects", null).body());
        List<String> names = new ArrayList<>();
        global.get("sobjects").forEach(o -> names.add(o.get("name").asText() + ":" + o.get("keyPrefix").asText()));
        assertThat(names).contains("Opportunity:006", "OpportunityContactRole:00K", "Campaign:701",
                "CampaignMember:00v", "CampaignMemberStatus:01Y", "Task:00T", "Event:00U");
        JsonNode opp = describe("Opportunity");
        JsonNode expected = field(opp, "ExpectedRevenue");
        assertThat(expected.get("calculated").asBoolean()).isTrue();
        assertThat(expected.get("createable").asBoolean()).isFalse();
        assertThat(expected.get("calculatedFormula").asText()).isEqualTo("Amount * Probability / 100");
        JsonNode stage = field(opp, "StageName");
        assertThat(stage.get("restrictedPicklist").asBoolean()).isTrue();
        assertThat(stage.get("nillable").asBoolean()).isFalse();
        assertThat(stage.get("picklistValues").findValuesAsText("value")).contains("Prospecting", "Closed Won", "Closed Lost");
        JsonNode who = field(describe("Task"), "WhoId");
        assertThat(who.get("referenceTo").toString()).isEqualTo("[\"Contact\",\"Lead\"]");
        assertThat(who.get("polymorphicForeignKey").asBoolean()).isTrue();
        assertThat(field(describe("Lead"), "Do_Not_Sync__c").get("type").asText()).isEqualTo("boolean");
        assertThat(field(describe("CampaignMember"), "HasResponded").get("updateable").asBoolean()).isFalse();
    }

    @Test
    void patching_a_converted_lead_is_a_400_cannot_update_converted_lead() throws Exception {
        String id = createLead("Converted");
        HttpResponse<String> c = admin("POST", "/_emulator/leads/" + id + "/convert", "{\"doNotCreateOpportunity\":true}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(c.body());
        assertThat(result.get("contactId").asText()).startsWith("003");
        assertThat(result.get("accountId").asText()).startsWith("001");
        assertThat(result.get("opportunityId").isNull()).isTrue();
        JsonNode err = assertError(rest("PATCH", "/sobjects/Lead/" + id, "{\"Title\":\"CEO\"}"), 400,
                "CANNOT_UPDATE_CONVERTED_LEAD");
        assertThat(err.get("message").asText()).isEqualTo("cannot reference converted lead");
        HttpResponse<String> again = admin("POST", "/_emulator/leads/" + id + "/convert", "{}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(again.body()).get("errorCode").asText()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
    }

    @Test
    void undelete_from_the_admin_api_restores_a_record_from_the_recycle_bin() throws Exception {
        String id = createLead("Restored");
        HttpResponse<String> live = admin("POST", "/_emulator/sobjects/Lead/" + id + "/undelete", null);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(400);
        assertThat(JSON.readTree(live.body()).get("errorCode").asText()).isEqualTo("UNDELETE_FAILED");

        assertThat(rest("DELETE", "/sobjects/Lead/" + id, null).statusCode()).isEqualTo(204);
        String deletedStamp = JSON.readTree(rest("GET", "/queryAll?q=" + URLEncoder.encode(
                "SELECT SystemModstamp FROM Lead WHERE Id = '" + id + "'", StandardCharsets.UTF_8), null).body())
                .get("records").get(0).get("SystemModstamp").asText();
        server.org().clock().advance(java.time.Duration.ofSeconds(5));
        HttpResponse<String> r = admin("POST", "/_emulator/sobjects/Lead/" + id + "/undelete", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("success").asBoolean()).isTrue();

        JsonNode lead = JSON.readTree(rest("GET", "/sobjects/Lead/" + id, null).body());
        assertThat(lead.get("IsDeleted").asBoolean()).isFalse();
        assertThat(lead.get("LastName").asText()).isEqualTo("Restored");
        assertThat(lead.get("SystemModstamp").asText()).isNotEqualTo(deletedStamp);
        HttpResponse<String> unknown = admin("POST", "/_emulator/sobjects/Lead/" + SfIds.make("00Q", SfIds.COUNTER_BASE + 999_999) + "/undelete", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void a_bad_task_status_is_a_restricted_picklist_error_naming_the_field() throws Exception {
        JsonNode err = assertError(rest("POST", "/sobjects/Task", "{\"Subject\":\"Call\",\"Status\":\"Done\"}"), 400,
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(err.get("message").asText()).isEqualTo("Status: bad value for restricted picklist field: Done");
        assertThat(err.get("fields").toString()).isEqualTo("[\"Status\"]");
    }

    @Test
    void a_validation_rule_from_the_admin_api_rejects_rest_writes() throws Exception {
        HttpResponse<String> add = admin("POST", "/_emulator/validation-rules", "{\"object\":\"Lead\",\"field\":\"Title\","
                + "\"message\":\"Title must not be Test\",\"condition\":\"notEqualTo\",\"value\":\"Test\"}");
        assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
        assertThat(JSON.readTree(admin("GET", "/_emulator/validation-rules", null).body()).get(0).get("field").asText())
                .isEqualTo("Title");
        String id = createLead("Valid");
        JsonNode err = assertError(rest("PATCH", "/sobjects/Lead/" + id, "{\"Title\":\"Test\"}"), 400,
                "FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(err.get("message").asText()).isEqualTo("Title must not be Test");
        assertThat(err.get("fields").toString()).isEqualTo("[\"Title\"]");
        HttpResponse<String> bad = admin("POST", "/_emulator/validation-rules", "{\"object\":\"Lead\",\"field\":\"Nope\","
                + "\"message\":\"m\",\"condition\":\"notBlank\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("no field Nope on Lead");
    }

    @Test
    void a_hidden_field_disappears_from_describe_records_and_soql() throws Exception {
        String id = createLead("Hidden");
        assertThat(admin("POST", "/_emulator/access?object=Lead&field=Email&access=HIDDEN", null).statusCode()).isEqualTo(200);
        assertThat(fieldNames(describe("Lead"))).doesNotContain("Email").contains("LastName");
        JsonNode rec = JSON.readTree(rest("GET", "/sobjects/Lead/" + id, null).body());
        assertThat(rec.has("Email")).isFalse();
        assertThat(rec.has("LastName")).isTrue();
        JsonNode err = assertError(rest("GET", "/query?q=" + URLEncoder.encode("SELECT Id, Email FROM Lead",
                StandardCharsets.UTF_8), null), 400, "INVALID_FIELD");
        assertThat(err.get("message").asText()).contains("No such column 'Email' on entity 'Lead'");
        assertError(rest("GET", "/sobjects/Lead/" + id + "?fields=Email", null), 400, "INVALID_FIELD");
        assertThat(JSON.readTree(admin("GET", "/_emulator/access", null).body()).get("fields").get("Lead.Email").asText())
                .isEqualTo("HIDDEN");
    }

    @Test
    void a_read_only_field_and_object_reject_writes_and_describe_says_so() throws Exception {
        String id = createLead("ReadOnly");
        admin("POST", "/_emulator/access?object=Lead&field=Title&access=READ_ONLY", null);
        assertThat(field(describe("Lead"), "Title").get("updateable").asBoolean()).isFalse();
        JsonNode err = assertError(rest("PATCH", "/sobjects/Lead/" + id, "{\"Title\":\"CEO\"}"), 400,
                "INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(err.get("fields").toString()).isEqualTo("[\"Title\"]");
        admin("POST", "/_emulator/access?object=Lead&access=READ_ONLY", null);
        assertThat(describe("Lead").get("createable").asBoolean()).isFalse();
        assertError(rest("PATCH", "/sobjects/Lead/" + id, "{\"FirstName\":\"X\"}"), 400, "INSUFFICIENT_ACCESS_OR_READONLY");
        assertError(rest("DELETE", "/sobjects/Lead/" + id, null), 400, "INSUFFICIENT_ACCESS_OR_READONLY");
        assertThat(rest("GET", "/sobjects/Lead/" + id, null).statusCode()).isEqualTo(200);
        HttpResponse<String> bad = admin("POST", "/_emulator/access?object=Lead&access=SOMETIMES", null);
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void without_the_delete_permission_describe_says_not_deletable_and_deletes_fail_while_edits_work() throws Exception {
        String id = createLead("NoDelete");
        assertThat(describe("Lead").get("deletable").asBoolean()).isTrue();
        assertThat(admin("POST", "/_emulator/access?object=Lead&access=NO_DELETE", null).statusCode()).isEqualTo(200);
        JsonNode lead = describe("Lead");
        assertThat(lead.get("deletable").asBoolean()).isFalse();
        assertThat(lead.get("createable").asBoolean()).isTrue();
        assertThat(lead.get("updateable").asBoolean()).isTrue();
        assertThat(field(lead, "Title").get("updateable").asBoolean()).isTrue();
        assertThat(rest("PATCH", "/sobjects/Lead/" + id, "{\"Title\":\"CEO\"}").statusCode()).isEqualTo(204);
        assertError(rest("DELETE", "/sobjects/Lead/" + id, null), 400, "INSUFFICIENT_ACCESS_OR_READONLY");
        JsonNode results = JSON.readTree(rest("DELETE", "/composite/sobjects?ids=" + id + "&allOrNone=false", null).body());
        assertThat(results.get(0).get("success").asBoolean()).isFalse();
        assertThat(results.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
        assertThat(admin("POST", "/_emulator/access?object=Lead&field=Title&access=NO_DELETE", null).statusCode())
                .isEqualTo(400);
        admin("DELETE", "/_emulator/access", null);
        assertThat(rest("DELETE", "/sobjects/Lead/" + id, null).statusCode()).isEqualTo(204);
    }

    @Test
    void the_seed_endpoint_accepts_every_object() throws Exception {
        for (String object : List.of("Campaign", "CampaignMember", "Opportunity", "Task", "Event")) {
            HttpResponse<String> r = admin("POST", "/_emulator/seed?object=" + object + "&count=5", null);
            assertThat(r.statusCode()).as(object + " " + r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("seeded").asInt()).isEqualTo(5);
        }
        Map<String, Object> c = server.org().all("Campaign").get(0);
        assertThat((Integer) c.get("NumberOfLeads") + (Integer) c.get("NumberOfContacts")).isPositive();
    }
}
