package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.sfsync.emulator.EmulatorHttp.JSON;
import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /composite/graph} on the wire (camel-salesforce has no graph operation): graphs of sObject requests,
 * each all or nothing on its own, references between the nodes of a graph, the documented limits, one API call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositeGraphTest {

    private static final String HALTED = "The transaction was rolled back since another operation in the same"
            + " transaction failed.";

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

    private static ObjectNode node(String method, String url, String referenceId, Map<String, Object> body) {
        ObjectNode n = JSON.createObjectNode();
        n.put("method", method);
        n.put("url", V + url);
        n.put("referenceId", referenceId);
        if (body != null) {
            n.set("body", JSON.valueToTree(body));
        }
        return n;
    }

    private static ObjectNode graph(String graphId, ObjectNode... nodes) {
        ObjectNode g = JSON.createObjectNode();
        g.put("graphId", graphId);
        ArrayNode list = g.putArray("compositeRequest");
        for (ObjectNode n : nodes) {
            list.add(n);
        }
        return g;
    }

    private HttpResponse<String> send(ObjectNode... graphs) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("graphs");
        for (ObjectNode g : graphs) {
            list.add(g);
        }
        return api.post(V + "/composite/graph", JSON.writeValueAsString(body));
    }

    private int accountsNamed(String name) {
        return org.query("SELECT Id FROM Account WHERE Name = '" + name + "'").size();
    }

    private static JsonNode nodeAnswer(JsonNode graph, String referenceId) {
        for (JsonNode a : graph.path("graphResponse").path("compositeResponse")) {
            if (a.path("referenceId").asText().equals(referenceId)) {
                return a;
            }
        }
        throw new AssertionError("no answer for " + referenceId + " in " + graph);
    }

    @Test
    void graphs_create_related_records_through_references_in_one_api_call() throws Exception {
        long callsBefore = org.apiCallsUsed();
        long compositeBefore = org.apiCallsByEndpoint().getOrDefault("composite/graph", 0L);

        JsonNode answer = ok(send(
                graph("g1",
                        node("POST", "/sobjects/Account/", "acc", Map.of("Name", "Graph Alpha")),
                        node("POST", "/sobjects/Contact", "con", Map.of("LastName", "Cashman",
                                "AccountId", "@{acc.id}")),
                        node("GET", "/sobjects/Contact/@{con.id}", "read", null)),
                graph("g2", node("POST", "/sobjects/Account", "acc", Map.of("Name", "Graph Beta")))));

        assertThat(org.apiCallsUsed()).isEqualTo(callsBefore + 1);
        assertThat(org.apiCallsByEndpoint().get("composite/graph")).isEqualTo(compositeBefore + 1);
        JsonNode g1 = answer.get("graphs").get(0);
        assertThat(g1.get("graphId").asText()).isEqualTo("g1");
        assertThat(g1.get("isSuccessful").asBoolean()).isTrue();
        JsonNode acc = nodeAnswer(g1, "acc");
        assertThat(acc.get("httpStatusCode").asInt()).isEqualTo(201);
        String accountId = acc.get("body").get("id").asText();
        assertThat(acc.get("httpHeaders").get("Location").asText())
                .isEqualTo(V + "/sobjects/Account/" + accountId);
        JsonNode read = nodeAnswer(g1, "read");
        assertThat(read.get("httpStatusCode").asInt()).isEqualTo(200);
        assertThat(read.get("body").get("AccountId").asText()).isEqualTo(accountId);
        assertThat(read.get("body").get("LastName").asText()).isEqualTo("Cashman");
        JsonNode g2 = answer.get("graphs").get(1);
        assertThat(g2.get("graphId").asText()).isEqualTo("g2");
        assertThat(g2.get("isSuccessful").asBoolean()).isTrue();
        assertThat(accountsNamed("Graph Alpha")).isEqualTo(1);
        assertThat(accountsNamed("Graph Beta")).isEqualTo(1);
    }

    @Test
    void a_failing_node_rolls_back_its_own_graph_while_the_other_graphs_stand() throws Exception {
        JsonNode answer = ok(send(
                graph("broken",
                        node("POST", "/sobjects/Account", "acc", Map.of("Name", "Rolled Back Account")),
                        node("POST", "/sobjects/Contact", "con", Map.of("FirstName", "No last name",
                                "AccountId", "@{acc.id}")),
                        node("POST", "/sobjects/Account", "after", Map.of("Name", "Never Created"))),
                graph("fine", node("POST", "/sobjects/Account", "acc", Map.of("Name", "Standing Account")))));

        JsonNode broken = answer.get("graphs").get(0);
        assertThat(broken.get("isSuccessful").asBoolean()).isFalse();
        JsonNode failed = nodeAnswer(broken, "con");
        assertThat(failed.get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(failed.get("body").get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        for (String halted : new String[] {"acc", "after"}) {
            JsonNode a = nodeAnswer(broken, halted);
            assertThat(a.get("httpStatusCode").asInt()).isEqualTo(400);
            assertThat(a.get("body").get(0).get("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
            assertThat(a.get("body").get(0).get("message").asText()).isEqualTo(HALTED);
        }
        assertThat(accountsNamed("Rolled Back Account")).isZero();
        assertThat(accountsNamed("Never Created")).isZero();

        JsonNode fine = answer.get("graphs").get(1);
        assertThat(fine.get("isSuccessful").asBoolean()).isTrue();
        assertThat(nodeAnswer(fine, "acc").get("httpStatusCode").asInt()).isEqualTo(201);
        assertThat(accountsNamed("Standing Account")).isEqualTo(1);
    }

    @Test
    void a_reference_reaches_only_nodes_of_its_own_graph() throws Exception {
        JsonNode answer = ok(send(
                graph("first", node("POST", "/sobjects/Account", "firstAcc", Map.of("Name", "First Graph Account"))),
                graph("second", node("POST", "/sobjects/Contact", "con", Map.of("LastName", "Elsewhere",
                        "AccountId", "@{firstAcc.id}")))));

        assertThat(answer.get("graphs").get(0).get("isSuccessful").asBoolean()).isTrue();
        JsonNode second = answer.get("graphs").get(1);
        assertThat(second.get("isSuccessful").asBoolean()).isFalse();
        JsonNode con = nodeAnswer(second, "con");
        assertThat(con.get("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(con.get("body").get(0).get("message").asText()).contains("Invalid reference specified");
        assertThat(org.query("SELECT Id FROM Contact WHERE LastName = 'Elsewhere'")).isEmpty();
    }

    @Test
    void more_than_75_graphs_or_500_nodes_are_refused_before_anything_runs() throws Exception {
        ObjectNode[] graphs = new ObjectNode[76];
        for (int i = 0; i < graphs.length; i++) {
            graphs[i] = graph("g" + i, node("POST", "/sobjects/Account", "a", Map.of("Name", "Too Many Graphs")));
        }
        assertError(send(graphs), 400, "LIMIT_EXCEEDED");
        assertThat(accountsNamed("Too Many Graphs")).isZero();

        ObjectNode[] big = new ObjectNode[2];
        for (int g = 0; g < big.length; g++) {
            ObjectNode[] nodes = new ObjectNode[g == 0 ? 250 : 251];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = node("POST", "/sobjects/Account", "a" + i, Map.of("Name", "Too Many Nodes"));
            }
            big[g] = graph("big" + g, nodes);
        }
        assertError(send(big), 400, "LIMIT_EXCEEDED");
        assertThat(accountsNamed("Too Many Nodes")).isZero();
    }

    @Test
    void graph_ids_must_be_unique_and_well_formed() throws Exception {
        ObjectNode create = node("POST", "/sobjects/Account", "a", Map.of("Name", "Bad Graph Id"));
        assertError(send(graph("same", create), graph("same", create)), 400, "INVALID_INPUT");
        assertError(send(graph("_starts_with_underscore", create)), 400, "INVALID_INPUT");
        assertError(send(graph("has.a.period", create)), 400, "INVALID_INPUT");
        assertError(send(graph("x".repeat(40), create)), 400, "INVALID_INPUT");
        assertThat(accountsNamed("Bad Graph Id")).isZero();
        assertThat(json(send(graph("x".repeat(39), create))).get("graphs").get(0).get("isSuccessful").asBoolean())
                .isTrue();
    }

    @Test
    void a_node_must_be_an_sobject_resource_and_graphs_need_api_version_50() throws Exception {
        ObjectNode create = node("POST", "/sobjects/Account", "a", Map.of("Name", "Before The Query"));
        ObjectNode query = node("GET", "/query?q=SELECT+Id+FROM+Account", "q", null);
        assertError(send(graph("g", create, query)), 400, "INVALID_INPUT");
        assertError(send(graph("g", node("DELETE", "/sobjects/Account", "d", null))), 400, "INVALID_INPUT");
        assertThat(accountsNamed("Before The Query")).isZero();

        HttpResponse<String> old = api.post("/services/data/v49.0/composite/graph",
                JSON.writeValueAsString(Map.of("graphs", java.util.List.of(graph("g", create)))));
        assertError(old, 404, "NOT_FOUND");
    }
}
