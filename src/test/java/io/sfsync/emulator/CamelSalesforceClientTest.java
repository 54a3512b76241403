package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real camel-salesforce 4.17 client against the emulator, exactly as the sync uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamelSalesforceClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private EmulatorServer server;

    @BeforeAll
    void startEmulator() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(4500, 0));
    }

    @AfterAll
    void stopEmulator() {
        server.close();
    }

    private CamelContext camel(AuthenticationType type) throws Exception {
        return EmulatorHttp.camel(server, type);
    }

    private static JsonNode json(Object body) throws Exception {
        if (body instanceof InputStream in) {
            return JSON.readTree(in);
        }
        if (body instanceof byte[] b) {
            return JSON.readTree(b);
        }
        return JSON.readTree(body.toString());
    }

    @Test
    void pages_through_all_leads_with_query_and_query_more_using_password_login() throws Exception {
        int leads = server.org().count("Lead");
        try (CamelContext ctx = camel(AuthenticationType.USERNAME_PASSWORD)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            Object body = template.requestBody("salesforce:query?rawPayload=true",
                    "SELECT Id, FirstName, LastName, Company, Email, SystemModstamp FROM Lead ORDER BY SystemModstamp, Id");
            JsonNode page = json(body);
            Set<String> ids = new HashSet<>();
            int pages = 1;
            assertThat(page.get("totalSize").asInt()).isEqualTo(leads);
            page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
            while (!page.get("done").asBoolean()) {
                page = json(template.requestBody("salesforce:queryMore?rawPayload=true", page.get("nextRecordsUrl").asText()));
                page.get("records").forEach(r -> ids.add(r.get("Id").asText()));
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(ids).hasSize(leads);
        }
        assertThat(server.org().recentRequests())
                .contains("POST /services/oauth2/token", "GET /services/data/v62.0/query/", "GET /services/oauth2/revoke")
                .anyMatch(r -> r.matches("GET /services/data/v62\\.0/query/01g\\w{15}-4000"));
    }

    @Test
    void logs_in_with_client_credentials_and_recovers_from_an_expired_session() throws Exception {
        try (CamelContext ctx = camel(AuthenticationType.CLIENT_CREDENTIALS)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            server.org().expireSessions();
            JsonNode page = json(template.requestBody("salesforce:query?rawPayload=true", "SELECT COUNT() FROM Lead"));
            assertThat(page.get("totalSize").asInt()).isEqualTo(server.org().count("Lead"));
        }
    }

    @Test
    void creates_and_updates_leads_with_raw_json() throws Exception {
        try (CamelContext ctx = camel(AuthenticationType.USERNAME_PASSWORD)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            Object created = template.requestBody("salesforce:createSObject?rawPayload=true&sObjectName=Lead",
                    "{\"LastName\":\"Camel\",\"Company\":\"Apache\",\"Email\":\"camel@apache.org\"}");
            String id = json(created).get("id").asText();
            assertThat(server.org().get("Lead", id)).get().extracting(m -> m.get("Email")).isEqualTo("camel@apache.org");

            template.requestBodyAndHeaders("salesforce:updateSObject?rawPayload=true&sObjectName=Lead",
                    "{\"Title\":\"Rider\"}", Map.of("sObjectId", id));
            assertThat(server.org().get("Lead", id)).get().extracting(m -> m.get("Title")).isEqualTo("Rider");
        }
    }

    @Test
    void updating_a_converted_lead_fails_in_the_client_with_cannot_update_converted_lead() throws Exception {
        String id = (String) server.org().create("Lead", Map.of("LastName", "Converted", "Company", "Camel")).get("Id");
        server.org().convertLead(id, ConvertOptions.defaults());
        try (CamelContext ctx = camel(AuthenticationType.USERNAME_PASSWORD)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            assertThatThrownBy(() -> template.requestBodyAndHeaders("salesforce:updateSObject?rawPayload=true&sObjectName=Lead",
                    "{\"Title\":\"Rider\"}", Map.of("sObjectId", id)))
                    .isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOfSatisfying(SalesforceException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        assertThat(e.getErrors()).extracting(err -> err.getErrorCode())
                                .containsExactly("CANNOT_UPDATE_CONVERTED_LEAD");
                    });
        }
        assertThat(server.org().get("Lead", id)).get().extracting(m -> m.get("Title")).isNull();
    }
}
