package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SOQL people write every day (aggregates, subqueries, semi-joins, FIELDS(), toLabel()) on the wire: plain HTTP
 * for the exact bytes, and the real camel-salesforce client's query operation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoqlHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private EmulatorServer server;
    private EmulatorHttp api;
    private String zeta;
    private String webLead;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0));
        api = new EmulatorHttp(server).login();
        EmulatorOrg org = server.org();
        for (int i = 0; i < 250; i++) {
            create("Account", Map.of("Name", String.format("Bulk %03d", i)));
        }
        zeta = create("Account", Map.of("Name", "Zeta"));
        create("Contact", Map.of("LastName", "Young", "AccountId", zeta));
        create("Contact", Map.of("LastName", "Xu", "AccountId", zeta));
        webLead = create("Lead", Map.of("LastName", "A", "Company", "C", "LeadSource", "Web"));
        create("Lead", Map.of("LastName", "B", "Company", "C", "LeadSource", "Web", "Status", "Working - Contacted"));
        create("Lead", Map.of("LastName", "C", "Company", "C", "LeadSource", "Phone Inquiry"));
        create("Task", Map.of("Subject", "Call", "WhoId", webLead));
        assertThat(org.count("Lead")).isEqualTo(3);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String create(String type, Map<String, Object> fields) {
        return (String) server.org().create(type, new HashMap<>(fields)).get("Id");
    }

    private HttpResponse<String> query(String soql) throws Exception {
        return api.get(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
    }

    @Test
    void aggregate_rows_are_aggregate_results_in_one_page() throws Exception {
        HttpResponse<String> r = query("SELECT LeadSource, COUNT(Id) n FROM Lead GROUP BY LeadSource ORDER BY LeadSource");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"totalSize\":2,\"done\":true,\"records\":["
                + "{\"attributes\":{\"type\":\"AggregateResult\"},\"LeadSource\":\"Phone Inquiry\",\"n\":1},"
                + "{\"attributes\":{\"type\":\"AggregateResult\"},\"LeadSource\":\"Web\",\"n\":2}]}");
        assertThat(query("SELECT MAX(CreatedDate), COUNT(Id) FROM Account").body())
                .matches("\\{\"totalSize\":1,\"done\":true,\"records\":\\[\\{\"attributes\":\\{\"type\":"
                        + "\"AggregateResult\"},\"expr0\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000\","
                        + "\"expr1\":251}]}");
        // more groups than a batch: still one page, no nextRecordsUrl
        JsonNode all = ok(api.send(api.req(V + "/query?q=" + URLEncoder.encode(
                "SELECT Name, COUNT(Id) FROM Account GROUP BY Name", StandardCharsets.UTF_8))
                .header("Sforce-Query-Options", "batchSize=200").GET()));
        assertThat(all.get("totalSize").asInt()).isEqualTo(251);
        assertThat(all.get("records").size()).isEqualTo(251);
        assertThat(all.get("done").asBoolean()).isTrue();
        assertThat(all.has("nextRecordsUrl")).isFalse();
    }

    @Test
    void subquery_results_nest_under_the_relationship_name_across_query_more_pages() throws Exception {
        JsonNode page = ok(api.send(api.req(V + "/query?q=" + URLEncoder.encode(
                "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name",
                StandardCharsets.UTF_8)).header("Sforce-Query-Options", "batchSize=200").GET()));
        assertThat(page.get("records").get(0).get("Contacts").isNull()).isTrue();
        assertThat(page.get("done").asBoolean()).isFalse();
        JsonNode next = ok(api.get(page.get("nextRecordsUrl").asText()));
        JsonNode last = next.get("records").get(next.get("records").size() - 1);
        assertThat(last.get("Name").asText()).isEqualTo("Zeta");
        String url = V + "/sobjects/Contact/";
        assertThat(JSON.writeValueAsString(last.get("Contacts"))).matches("\\{\"totalSize\":2,\"done\":true,\"records\":"
                + "\\[\\{\"attributes\":\\{\"type\":\"Contact\",\"url\":\"" + url.replace(".", "\\.") + "003\\w{15}\"},"
                + "\"LastName\":\"Xu\"},\\{\"attributes\":\\{\"type\":\"Contact\",\"url\":\"[^\"]+\"},"
                + "\"LastName\":\"Young\"}]}");
    }

    @Test
    void semi_joins_fields_and_to_label_answer_on_the_wire() throws Exception {
        JsonNode semi = ok(query("SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task)"));
        assertThat(semi.get("totalSize").asInt()).isEqualTo(1);
        assertThat(semi.get("records").get(0).get("Id").asText()).isEqualTo(webLead);
        assertThat(ok(query("SELECT Id FROM Lead WHERE Id NOT IN (SELECT WhoId FROM Task)")).get("totalSize").asInt())
                .isEqualTo(2);
        JsonNode fields = ok(query("SELECT FIELDS(STANDARD) FROM Lead WHERE Id = '" + webLead + "'"));
        JsonNode lead = fields.get("records").get(0);
        assertThat(lead.get("LeadSource").asText()).isEqualTo("Web");
        assertThat(lead.has("SystemModstamp")).isTrue();
        assertThat(ok(query("SELECT FIELDS(ALL) FROM Lead LIMIT 200")).get("totalSize").asInt()).isEqualTo(3);
        assertError(query("SELECT FIELDS(ALL) FROM Lead"), 400, "MALFORMED_QUERY");
        JsonNode label = ok(query("SELECT Id, toLabel(Status) FROM Lead WHERE Id = '" + webLead + "'"));
        assertThat(label.get("records").get(0).get("Status").asText()).isEqualTo("Open - Not Contacted");
    }

    @Test
    void unsupported_soql_stays_malformed_query() throws Exception {
        HttpResponse<String> r = query("SELECT Id FROM Lead WITH SECURITY_ENFORCED");
        assertError(r, 400, "MALFORMED_QUERY");
        assertThat(json(r).get(0).get("message").asText()).endsWith("unexpected token: 'WITH'");
        assertError(query("SELECT Id, (SELECT Id FROM Nopes) FROM Account"), 400, "INVALID_TYPE");
    }

    @Test
    void bulk_query_jobs_refuse_aggregates_and_subqueries_as_salesforce_does() throws Exception {
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":"
                + "\"SELECT LeadSource, COUNT(Id) FROM Lead GROUP BY LeadSource\"}"), 400, "API_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":"
                + "\"SELECT Id, (SELECT Id FROM Contacts) FROM Account\"}"), 400, "API_ERROR");
        ok(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":"
                + "\"SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task)\"}"));
    }

    @Test
    void camel_salesforce_query_carries_aggregates_subqueries_and_semi_joins() throws Exception {
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            JsonNode agg = camelJson(template.requestBody("salesforce:query?rawPayload=true",
                    "SELECT LeadSource, COUNT(Id) n FROM Lead GROUP BY LeadSource ORDER BY COUNT(Id) DESC"));
            assertThat(agg.get("records").get(0).get("attributes").get("type").asText()).isEqualTo("AggregateResult");
            assertThat(agg.get("records").get(0).get("LeadSource").asText()).isEqualTo("Web");
            assertThat(agg.get("records").get(0).get("n").asInt()).isEqualTo(2);
            JsonNode max = camelJson(template.requestBody("salesforce:query?rawPayload=true",
                    "SELECT MAX(LastName) FROM Lead"));
            assertThat(max.get("records").get(0).get("expr0").asText()).isEqualTo("C");
            JsonNode sub = camelJson(template.requestBody("salesforce:query?rawPayload=true",
                    "SELECT Id, Name, (SELECT LastName FROM Contacts) FROM Account WHERE Id = '" + zeta + "'"));
            assertThat(sub.get("records").get(0).get("Contacts").get("totalSize").asInt()).isEqualTo(2);
            JsonNode semi = camelJson(template.requestBody("salesforce:query?rawPayload=true",
                    "SELECT Id, toLabel(Status) FROM Lead WHERE Id IN (SELECT WhoId FROM Task)"));
            assertThat(semi.get("records").get(0).get("Id").asText()).isEqualTo(webLead);
        }
    }

    private static JsonNode camelJson(Object body) throws Exception {
        if (body instanceof InputStream in) {
            return JSON.readTree(in);
        }
        if (body instanceof byte[] b) {
            return JSON.readTree(b);
        }
        return JSON.readTree(body.toString());
    }
}
