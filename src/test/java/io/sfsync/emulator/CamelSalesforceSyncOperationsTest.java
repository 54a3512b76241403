package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.dto.DeleteSObjectResult;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations the sync relies on, through the real camel-salesforce 4.17 client: relationship queries, queryAll,
 * getDeleted through the raw operation, and the four sObject collection operations with and without allOrNone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamelSalesforceSyncOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private EmulatorServer server;
    private CamelContext ctx;
    private ProducerTemplate template;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0));
        server.org().clock().freeze(Instant.parse("2026-11-20T10:00:00Z"));
        ctx = EmulatorHttp.camel(server, AuthenticationType.USERNAME_PASSWORD);
        template = ctx.createProducerTemplate();
    }

    @AfterAll
    void stop() throws Exception {
        ctx.close();
        server.close();
    }

    private static JsonNode json(Object body) throws Exception {
        if (body instanceof InputStream in) {
            return JSON.readTree(in);
        }
        return JSON.readTree(body.toString());
    }

    private static Map<String, Object> contact(String lastName, Object... more) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("attributes", Map.of("type", "Contact"));
        m.put("LastName", lastName);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void queries_parent_fields_and_deleted_records() throws Exception {
        String acme = (String) server.org().create("Account", Map.of("Name", "Camel Acme")).get("Id");
        String id = (String) server.org().create("Contact", Map.of("LastName", "Rel", "AccountId", acme)).get("Id");
        JsonNode page = json(template.requestBody("salesforce:query?rawPayload=true",
                "SELECT Id, Account.Name, Owner.Name FROM Contact WHERE Id = '" + id + "'"));
        JsonNode rec = page.get("records").get(0);
        assertThat(rec.get("Account").get("Name").asText()).isEqualTo("Camel Acme");
        assertThat(rec.get("Account").get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(rec.get("Owner").get("Name").asText()).isEqualTo("Integration Sync");

        server.org().delete("Contact", id);
        JsonNode all = json(template.requestBody("salesforce:queryAll?rawPayload=true",
                "SELECT Id, IsDeleted FROM Contact WHERE Id = '" + id + "'"));
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
    }

    @Test
    void reads_the_delete_log_through_the_raw_operation() throws Exception {
        String id = (String) server.org().create("Lead", Map.of("LastName", "Del", "Company", "C")).get("Id");
        server.org().clock().advance(Duration.ofMinutes(2));
        server.org().delete("Lead", id);
        server.org().clock().advance(Duration.ofMinutes(2));
        Object body = template.requestBodyAndHeaders("salesforce:raw?rawMethod=GET&rawQueryParameters=start,end"
                        + "&rawPath=/services/data/v62.0/sobjects/Lead/deleted/", null,
                Map.of("start", "2026-11-20T10:00:00+00:00", "end", "2026-11-20T11:00:00+00:00"));
        JsonNode deleted = json(body);
        assertThat(deleted.get("deletedRecords")).extracting(r -> r.get("id").asText()).contains(id);
        assertThat(deleted.get("latestDateCovered").asText()).isEqualTo("2026-11-20T10:04:00.000+0000");
    }

    @Test
    @SuppressWarnings("unchecked")
    void creates_updates_upserts_and_deletes_collections() {
        List<SaveSObjectResult> created = template.requestBody("salesforce:compositeCreateSObjectCollections",
                List.of(contact("C1"), contact("C2")), List.class);
        assertThat(created).allSatisfy(r -> assertThat(r.getSuccess()).isTrue());
        String c1 = created.get(0).getId();

        List<SaveSObjectResult> updated = template.requestBody("salesforce:compositeUpdateSObjectCollections",
                List.of(contact("C1b", "Id", c1)), List.class);
        assertThat(updated.get(0).getSuccess()).isTrue();
        assertThat(server.org().get("Contact", c1).orElseThrow().get("LastName")).isEqualTo("C1b");

        List<UpsertSObjectResult> upserted = template.requestBody(
                "salesforce:compositeUpsertSObjectCollections?sObjectName=Contact&sObjectIdName=Sfsync_Id__c",
                List.of(contact("U1", "Sfsync_Id__c", "camel-u1")), List.class);
        assertThat(upserted.get(0).getCreated()).isTrue();
        upserted = template.requestBody(
                "salesforce:compositeUpsertSObjectCollections?sObjectName=Contact&sObjectIdName=Sfsync_Id__c",
                List.of(contact("U1b", "Sfsync_Id__c", "camel-u1")), List.class);
        assertThat(upserted.get(0).getCreated()).isFalse();

        List<DeleteSObjectResult> deleted = template.requestBodyAndHeader(
                "salesforce:compositeDeleteSObjectCollections", null, "sObjectIds", List.of(c1), List.class);
        assertThat(deleted.get(0).getSuccess()).isTrue();
        assertThat(server.org().get("Contact", c1).orElseThrow().get("IsDeleted")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void all_or_none_sent_by_camel_rolls_back_the_whole_collection() {
        int before = server.org().count("Contact");
        List<SaveSObjectResult> results = template.requestBodyAndHeader(
                "salesforce:compositeCreateSObjectCollections",
                List.of(contact("Fine"), contact("x".repeat(81))), "allOrNone", true, List.class);
        assertThat(results.get(0).getSuccess()).isFalse();
        assertThat(results.get(0).getErrors().get(0).getErrorCode()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(results.get(1).getErrors().get(0).getErrorCode()).isEqualTo("STRING_TOO_LONG");
        assertThat(server.org().count("Contact")).isEqualTo(before);

        results = template.requestBody("salesforce:compositeCreateSObjectCollections?allOrNone=false",
                List.of(contact("Fine"), contact("x".repeat(81))), List.class);
        assertThat(results.get(0).getSuccess()).isTrue();
        assertThat(results.get(1).getErrors().get(0).getFields()).containsExactly("LastName");
        assertThat(server.org().count("Contact")).isEqualTo(before + 1);
    }
}
