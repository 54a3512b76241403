package io.sfsync.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.AbstractSObjectBase;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectBatch;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectBatchResponse;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectBatchResult;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectComposite;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResponse;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResult;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectTree;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * sObject Tree, Composite and Composite Batch: through camel-salesforce's compositeTree, composite and composite-batch (compositeBatch)
 * operations, and on the wire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositeApiTest {

    private EmulatorServer server;
    private EmulatorOrg org;
    private EmulatorHttp api;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0));
        org = server.org();
        api = new EmulatorHttp(server).login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Like camel-salesforce's generated DTOs: the type in the attributes, the class named after it. */
    public static final class Account extends AbstractSObjectBase {
        public Account() {
            getAttributes().setType("Account");
        }
    }

    public static final class Contact extends AbstractSObjectBase {
        public Contact() {
            getAttributes().setType("Contact");
        }

        private String lastName;
        private String email;

        @JsonProperty("LastName")
        public String getLastName() {
            return lastName;
        }

        @JsonProperty("LastName")
        public void setLastName(String lastName) {
            this.lastName = lastName;
        }

        @JsonProperty("Email")
        public String getEmail() {
            return email;
        }

        @JsonProperty("Email")
        public void setEmail(String email) {
            this.email = email;
        }
    }

    private static Contact contact(String lastName, String email) {
        Contact c = new Contact();
        c.setLastName(lastName);
        c.setEmail(email);
        return c;
    }

    private static Account account(String name) {
        Account a = new Account();
        a.setName(name);
        return a;
    }

    @Test
    void camel_composite_tree_creates_an_account_with_its_contacts_and_links_them() throws Exception {
        SObjectTree tree = new SObjectTree();
        SObjectNode node = tree.addObject(account("Tree Corp"));
        node.addChild("Contacts", contact("Leaf", "leaf@example.com"));
        node.addChild("Contacts", contact("Twig", null));
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            long before = org.apiCallsUsed();
            SObjectTree answered = template.requestBody("salesforce:composite-tree", tree, SObjectTree.class);
            assertThat(org.apiCallsUsed() - before).isEqualTo(1);
            List<AbstractSObjectBase> objects = answered.allObjects().toList();
            assertThat(objects).hasSize(3).allSatisfy(o -> assertThat(o.getId()).isNotNull());
            String accountId = objects.get(0).getId();
            assertThat(accountId).startsWith("001");
            assertThat(org.query("SELECT LastName FROM Contact WHERE AccountId = '" + accountId + "' ORDER BY LastName"))
                    .extracting(r -> r.get("LastName")).containsExactly("Leaf", "Twig");
        }
    }

    @Test
    void camel_composite_tree_is_all_or_nothing_and_names_the_failing_record() throws Exception {
        int accounts = org.count("Account");
        int contacts = org.count("Contact");
        SObjectTree tree = new SObjectTree();
        SObjectNode node = tree.addObject(account("Doomed Corp"));
        node.addChild("Contacts", contact("Fine", null));
        node.addChild("Contacts", contact("Bad", "not-an-email"));
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            Throwable thrown = catchThrowable(
                    () -> template.requestBody("salesforce:composite-tree", tree, SObjectTree.class));
            // camel-salesforce reads the failing record's errors from the 400 answer and raises them
            SalesforceException error = null;
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (t instanceof SalesforceException s && s.getErrors() != null && !s.getErrors().isEmpty()) {
                    error = s;
                    break;
                }
            }
            assertThat(error).as(String.valueOf(thrown)).isNotNull();
            assertThat(error.getStatusCode()).isEqualTo(400);
            assertThat(error.getErrors()).extracting(e -> e.getErrorCode()).containsExactly("INVALID_EMAIL_ADDRESS");
            assertThat(error.getErrors().get(0).getFields()).containsExactly("Email");
        }
        assertThat(org.count("Account")).isEqualTo(accounts);
        assertThat(org.count("Contact")).isEqualTo(contacts);
    }

    @Test
    void tree_answers_in_salesforce_shape_on_the_wire() throws Exception {
        String body = "{\"records\":[{\"attributes\":{\"type\":\"Account\",\"referenceId\":\"ref1\"},\"Name\":\"Wire\","
                + "\"Contacts\":{\"records\":[{\"attributes\":{\"type\":\"Contact\",\"referenceId\":\"ref2\"},"
                + "\"LastName\":\"Smith\"}]}}]}";
        HttpResponse<String> r = api.post(V + "/composite/tree/Account", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode answer = json(r);
        assertThat(answer.get("hasErrors").asBoolean()).isFalse();
        assertThat(answer.get("results")).extracting(n -> n.get("referenceId").asText()).containsExactly("ref1", "ref2");
        String contactId = answer.get("results").get(1).get("id").asText();
        assertThat(org.get("Contact", contactId).orElseThrow().get("AccountId"))
                .isEqualTo(answer.get("results").get(0).get("id").asText());

        HttpResponse<String> bad = api.post(V + "/composite/tree/Account", "{\"records\":[{\"attributes\":{\"type\":"
                + "\"Account\",\"referenceId\":\"a1\"},\"Name\":\"Ok\"},{\"attributes\":{\"type\":\"Account\","
                + "\"referenceId\":\"a2\"}}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).toString()).isEqualTo("{\"hasErrors\":true,\"results\":[{\"referenceId\":\"a2\",\"errors\":"
                + "[{\"statusCode\":\"REQUIRED_FIELD_MISSING\",\"message\":\"Required fields are missing: [Name]\","
                + "\"fields\":[\"Name\"]}]}]}");
        assertThat(org.query("SELECT Id FROM Account WHERE Name = 'Ok'")).isEmpty();
    }

    @Test
    void camel_composite_runs_subrequests_with_references_between_them_as_one_api_call() throws Exception {
        SObjectComposite composite = new SObjectComposite("62.0", true);
        composite.addGeneric(SObjectComposite.Method.POST, "/sobjects/Account", Map.of("Name", "Composite Corp"), "newAccount");
        composite.addGeneric(SObjectComposite.Method.POST, "/sobjects/Contact",
                Map.of("LastName", "Ref", "AccountId", "@{newAccount.id}"), "newContact");
        composite.addGet("Contact", "@{newContact.id}", "readContact", "LastName", "AccountId");
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            long before = org.apiCallsUsed();
            SObjectCompositeResponse response = ctx.createProducerTemplate()
                    .requestBody("salesforce:composite", composite, SObjectCompositeResponse.class);
            assertThat(org.apiCallsUsed() - before).isEqualTo(1);
            List<SObjectCompositeResult> results = response.getCompositeResponse();
            assertThat(results).extracting(SObjectCompositeResult::getReferenceId)
                    .containsExactly("newAccount", "newContact", "readContact");
            assertThat(results).extracting(SObjectCompositeResult::getHttpStatusCode).containsExactly(201, 201, 200);
            @SuppressWarnings("unchecked")
            Map<String, Object> created = (Map<String, Object>) results.get(0).getBody();
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) results.get(2).getBody();
            assertThat(read).containsEntry("LastName", "Ref").containsEntry("AccountId", created.get("id"));
            assertThat(results.get(0).getHttpHeaders()).containsEntry("Location",
                    "/services/data/v62.0/sobjects/Account/" + created.get("id"));
        }
    }

    @Test
    void composite_all_or_none_rolls_back_and_halts_the_other_subrequests() throws Exception {
        int accounts = org.count("Account");
        String body = "{\"allOrNone\":true,\"collateSubrequests\":false,\"compositeRequest\":["
                + "{\"method\":\"POST\",\"url\":\"" + V + "/sobjects/Account\",\"referenceId\":\"acc\",\"body\":{\"Name\":\"Gone\"}},"
                + "{\"method\":\"POST\",\"url\":\"" + V + "/sobjects/Contact\",\"referenceId\":\"con\","
                + "\"body\":{\"AccountId\":\"@{acc.id}\"}},"
                + "{\"method\":\"GET\",\"url\":\"" + V + "/query?q=SELECT+Id+FROM+Account\",\"referenceId\":\"q\"}]}";
        JsonNode answer = ok(api.post(V + "/composite", body));
        JsonNode results = answer.get("compositeResponse");
        assertThat(results).extracting(n -> n.get("httpStatusCode").asInt()).containsExactly(400, 400, 400);
        assertThat(results.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(results.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(2).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(org.count("Account")).isEqualTo(accounts);

        String partial = "{\"compositeRequest\":["
                + "{\"method\":\"POST\",\"url\":\"" + V + "/sobjects/Account\",\"referenceId\":\"bad\",\"body\":{}},"
                + "{\"method\":\"PATCH\",\"url\":\"" + V + "/sobjects/Account/@{bad.id}\",\"referenceId\":\"upd\","
                + "\"body\":{\"Name\":\"x\"}},"
                + "{\"method\":\"POST\",\"url\":\"" + V + "/sobjects/Account\",\"referenceId\":\"good\",\"body\":{\"Name\":\"Kept\"}}]}";
        JsonNode mixed = ok(api.post(V + "/composite", partial)).get("compositeResponse");
        assertThat(mixed).extracting(n -> n.get("httpStatusCode").asInt()).containsExactly(400, 400, 201);
        assertThat(mixed.get(1).get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(mixed.get(1).get("body").get(0).get("message").asText()).contains("bad.id");
        assertThat(org.query("SELECT Id FROM Account WHERE Name = 'Kept'")).hasSize(1);
    }

    @Test
    void composite_refuses_more_than_twenty_five_subrequests() throws Exception {
        StringBuilder b = new StringBuilder("{\"compositeRequest\":[");
        for (int i = 0; i < 26; i++) {
            b.append(i == 0 ? "" : ",").append("{\"method\":\"GET\",\"url\":\"").append(V)
                    .append("/limits\",\"referenceId\":\"r").append(i).append("\"}");
        }
        HttpResponse<String> r = api.post(V + "/composite", b.append("]}").toString());
        EmulatorHttp.assertError(r, 400, "LIMIT_EXCEEDED");
    }

    @Test
    void camel_composite_batch_runs_independent_subrequests_as_one_api_call_and_counts_them_apart() throws Exception {
        String id = (String) org.create("Account", Map.of("Name", "Batch Corp")).get("Id");
        SObjectBatch batch = new SObjectBatch("62.0");
        batch.addQuery("SELECT Id, Name FROM Account WHERE Name = 'Batch Corp'");
        batch.addGet("Account", id, "Name");
        batch.addQuery("SELECT Nope__c FROM Account");
        batch.addLimits();
        Map<String, Long> subrequestsBefore = org.subrequestsByEndpoint();
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            long before = org.apiCallsUsed();
            long batchesBefore = org.apiCallsByEndpoint().getOrDefault("composite/batch", 0L);
            SObjectBatchResponse response = ctx.createProducerTemplate()
                    .requestBody("salesforce:composite-batch", batch, SObjectBatchResponse.class);

            assertThat(org.apiCallsUsed() - before).isEqualTo(1);
            assertThat(org.apiCallsByEndpoint().get("composite/batch") - batchesBefore).isEqualTo(1);
            assertThat(response.hasErrors()).isTrue();
            List<SObjectBatchResult> results = response.getResults();
            assertThat(results).extracting(SObjectBatchResult::getStatusCode).containsExactly(200, 200, 400, 200);
            @SuppressWarnings("unchecked")
            Map<String, Object> page = (Map<String, Object>) results.get(0).getResult();
            assertThat(page).containsEntry("totalSize", 1).containsEntry("done", true);
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) results.get(1).getResult();
            assertThat(record).containsEntry("Name", "Batch Corp");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> errors = (List<Map<String, Object>>) results.get(2).getResult();
            assertThat(errors.get(0)).containsEntry("errorCode", "INVALID_FIELD");
            @SuppressWarnings("unchecked")
            Map<String, Object> limits = (Map<String, Object>) results.get(3).getResult();
            assertThat(limits).containsKey("DailyApiRequests");
        }
        Map<String, Long> subrequests = org.subrequestsByEndpoint();
        assertThat(subrequests.get("query") - subrequestsBefore.getOrDefault("query", 0L)).isEqualTo(2);
        assertThat(subrequests.get("sobjects/Account") - subrequestsBefore.getOrDefault("sobjects/Account", 0L)).isEqualTo(1);
        assertThat(subrequests.get("limits") - subrequestsBefore.getOrDefault("limits", 0L)).isEqualTo(1);
    }

    @Test
    void composite_batch_with_halt_on_error_answers_412_for_the_subrequests_after_a_failure() throws Exception {
        String body = "{\"haltOnError\":true,\"batchRequests\":["
                + "{\"method\":\"GET\",\"url\":\"v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1\"},"
                + "{\"method\":\"PATCH\",\"url\":\"v62.0/sobjects/Account/001000000000000AAA\",\"richInput\":{\"Name\":\"x\"}},"
                + "{\"method\":\"GET\",\"url\":\"v62.0/limits\"}]}";
        JsonNode answer = ok(api.post(V + "/composite/batch", body));
        assertThat(answer.get("hasErrors").asBoolean()).isTrue();
        JsonNode results = answer.get("results");
        assertThat(results).extracting(n -> n.get("statusCode").asInt()).containsExactly(200, 404, 412);
        assertThat(results.get(1).get("result").get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(results.get(2).get("result").get(0).get("errorCode").asText()).isEqualTo("BATCH_PROCESSING_HALTED");

        JsonNode goesOn = ok(api.post(V + "/composite/batch", body.replace("\"haltOnError\":true", "\"haltOnError\":false")));
        assertThat(goesOn.get("results")).extracting(n -> n.get("statusCode").asInt()).containsExactly(200, 404, 200);
    }

    @Test
    void composite_batch_refuses_more_than_twenty_five_subrequests() throws Exception {
        StringBuilder b = new StringBuilder("{\"batchRequests\":[");
        for (int i = 0; i < 26; i++) {
            b.append(i == 0 ? "" : ",").append("{\"method\":\"GET\",\"url\":\"v62.0/limits\"}");
        }
        EmulatorHttp.assertError(api.post(V + "/composite/batch", b.append("]}").toString()), 400, "LIMIT_EXCEEDED");
    }

    @Test
    void a_fault_injected_for_a_path_fails_the_subrequest_that_reaches_it_and_the_others_run() throws Exception {
        org.failNext(1, "/query", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
        String body = "{\"compositeRequest\":["
                + "{\"method\":\"GET\",\"url\":\"" + V + "/query?q=SELECT+Id+FROM+Account+LIMIT+1\",\"referenceId\":\"a\"},"
                + "{\"method\":\"GET\",\"url\":\"" + V + "/query?q=SELECT+Id+FROM+Account+LIMIT+1\",\"referenceId\":\"b\"}]}";
        JsonNode results = ok(api.post(V + "/composite", body)).get("compositeResponse");
        assertThat(results).extracting(n -> n.get("httpStatusCode").asInt()).containsExactly(503, 200);
        assertThat(results.get(0).get("body").get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
    }
}
