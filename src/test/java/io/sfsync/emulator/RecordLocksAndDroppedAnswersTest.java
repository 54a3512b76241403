package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.json;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two faults for push tests: row lock contention (UNABLE_TO_LOCK_ROW for the next N writes of a record) and an answer
 * dropped after the request was handled (the write is committed, the client sees a premature end of the response).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordLocksAndDroppedAnswersTest {

    private static final String LOCKED = "unable to obtain exclusive access to this record or 1 records: ";
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

    @AfterEach
    void release() {
        org.unlockAllRecords();
    }

    private String lead(String lastName) {
        return (String) org.create("Lead", Map.of("LastName", lastName, "Company", "Locks Inc")).get("Id");
    }

    private Object title(String id) {
        return org.get("Lead", id).orElseThrow().get("Title");
    }

    private static String updates(boolean allOrNone, List<String> ids, String title) {
        StringBuilder b = new StringBuilder("{\"allOrNone\":" + allOrNone + ",\"records\":[");
        for (int i = 0; i < ids.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"attributes\":{\"type\":\"Lead\"},\"id\":\"").append(ids.get(i))
                    .append("\",\"Title\":\"").append(title).append("\"}");
        }
        return b.append("]}").toString();
    }

    // ------------------------------------------------------------------ record locks

    @Test
    void a_locked_record_fails_alone_in_a_collection_update_until_its_attempts_are_used() throws Exception {
        List<String> ids = List.of(lead("One"), lead("Two"), lead("Three"));
        String locked = ids.get(1);
        org.lockRecord("Lead", locked, 2);

        for (String title : List.of("First", "Second")) {
            JsonNode results = ok(api.patch(V + "/composite/sobjects", updates(false, ids, title)));
            assertThat(results).hasSize(3);
            assertThat(results.get(0).get("success").asBoolean()).isTrue();
            assertThat(results.get(2).get("success").asBoolean()).isTrue();
            JsonNode failed = results.get(1);
            assertThat(failed.get("success").asBoolean()).isFalse();
            assertThat(failed.has("id")).as("a failed SaveResult has no id").isFalse();
            assertThat(failed.get("errors")).hasSize(1);
            JsonNode error = failed.get("errors").get(0);
            assertThat(error.get("statusCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
            assertThat(error.get("message").asText()).isEqualTo(LOCKED + locked);
            assertThat(error.get("fields").isArray()).isTrue();
            assertThat(error.get("fields")).isEmpty();
            assertThat(title(ids.get(0))).isEqualTo(title);
            assertThat(title(ids.get(2))).isEqualTo(title);
            assertThat(title(locked)).isNull();
        }
        assertThat(org.recordLocks()).isEmpty();

        JsonNode results = ok(api.patch(V + "/composite/sobjects", updates(false, ids, "Third")));
        for (JsonNode r : results) {
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
        }
        assertThat(title(locked)).isEqualTo("Third");
    }

    @Test
    void a_locked_record_rolls_back_an_all_or_none_collection_and_uses_one_attempt() throws Exception {
        List<String> ids = List.of(lead("Alpha"), lead("Beta"));
        org.lockRecord("Lead", ids.get(0), 3);

        JsonNode results = ok(api.patch(V + "/composite/sobjects", updates(true, ids, "Rolled")));
        assertThat(results.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
        assertThat(results.get(1).get("success").asBoolean()).isFalse();
        assertThat(results.get(1).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(title(ids.get(0))).isNull();
        assertThat(title(ids.get(1))).isNull();
        assertThat(org.recordLocks()).containsExactly(Map.entry(ids.get(0), 2));
    }

    @Test
    void a_single_record_patch_or_delete_of_a_locked_record_answers_400_unable_to_lock_row() throws Exception {
        String id = lead("Single");
        org.lockRecord("Lead", id.substring(0, 15), 3);

        HttpResponse<String> patch = api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"Patched\"}");
        assertError(patch, 400, "UNABLE_TO_LOCK_ROW");
        assertThat(json(patch).get(0).get("message").asText()).isEqualTo(LOCKED + id);
        assertError(api.delete(V + "/sobjects/Lead/" + id), 400, "UNABLE_TO_LOCK_ROW");
        JsonNode deletes = ok(api.delete(V + "/composite/sobjects?ids=" + id));
        assertThat(deletes.get(0).get("id").asText()).isEqualTo(id);
        assertThat(deletes.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
        assertThat(title(id)).isNull();
        assertThat(org.get("Lead", id).orElseThrow().get("IsDeleted")).isEqualTo(false);

        assertThat(api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"Patched\"}").statusCode()).isEqualTo(204);
        assertThat(title(id)).isEqualTo("Patched");
    }

    @Test
    void an_upsert_onto_a_locked_record_a_bulk_update_row_and_an_undelete_fail_the_same_way() throws Exception {
        String id = (String) org.create("Lead", Map.of("LastName", "Upserted", "Company", "U", "Sfsync_Id__c", "lock-u1"))
                .get("Id");
        org.lockRecord("Lead", id, 3);
        JsonNode upsert = ok(api.patch(V + "/composite/sobjects/Lead/Sfsync_Id__c", "{\"allOrNone\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Lead\"},\"Sfsync_Id__c\":\"lock-u1\",\"Title\":\"U\"},"
                + "{\"attributes\":{\"type\":\"Lead\"},\"Sfsync_Id__c\":\"lock-u2\",\"LastName\":\"New\",\"Company\":\"U\"}]}"));
        assertThat(upsert.get(0).get("success").asBoolean()).isFalse();
        assertThat(upsert.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
        assertThat(upsert.get(0).has("id")).isFalse();
        assertThat(upsert.get(1).get("created").asBoolean()).isTrue();

        String job = ok(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"update\",\"lineEnding\":\"LF\"}"))
                .get("id").asText();
        assertThat(api.put(V + "/jobs/ingest/" + job + "/batches", "text/csv", "Id,Title\n" + id + ",Bulk\n").statusCode())
                .isEqualTo(201);
        ok(api.patch(V + "/jobs/ingest/" + job, "{\"state\":\"UploadComplete\"}"));
        assertThat(ok(api.get(V + "/jobs/ingest/" + job)).get("numberRecordsFailed").asInt()).isEqualTo(1);
        assertThat(api.get(V + "/jobs/ingest/" + job + "/failedResults/").body()).isEqualTo("\"sf__Id\",\"sf__Error\","
                + "\"Id\",\"Title\"\n\"" + id + "\",\"UNABLE_TO_LOCK_ROW:" + LOCKED + id + ": --\",\"" + id + "\",\"Bulk\"\n");

        org.unlockAllRecords();
        org.delete("Lead", id);
        org.lockRecord("Lead", id, 1);
        assertThatThrownBy(() -> org.undelete("Lead", id)).isInstanceOfSatisfying(SalesforceApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW"));
        org.undelete("Lead", id);
        assertThat(title(id)).isNull();
        assertThat(org.get("Lead", id).orElseThrow().get("IsDeleted")).isEqualTo(false);
    }

    @Test
    void the_in_process_api_fails_writes_to_a_locked_record_and_refuses_to_lock_an_unknown_one() {
        String id = lead("InProcess");
        org.lockRecord("Lead", id, 1);
        assertThatThrownBy(() -> org.update("Lead", id, Map.of("Title", "X")))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
                    assertThat(e.getMessage()).isEqualTo(LOCKED + id);
                });
        org.update("Lead", id, Map.of("Title", "X"));
        assertThat(title(id)).isEqualTo("X");

        String contact = (String) org.create("Contact", Map.of("LastName", "NotALead")).get("Id");
        assertThatThrownBy(() -> org.lockRecord("Lead", contact, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(contact);
        assertThatThrownBy(() -> org.lockRecord("Lead", "nonsense", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> org.lockRecord("Lead", id, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(org.recordLocks()).isEmpty();
    }

    @Test
    void the_locks_admin_endpoint_locks_lists_and_releases_records() throws Exception {
        String id = lead("Admin");
        JsonNode locks = ok(api.admin("POST", "locks?object=lead&id=" + id + "&attempts=2"));
        assertThat(locks).hasSize(1);
        assertThat(locks.get(0).get("object").asText()).isEqualTo("Lead");
        assertThat(locks.get(0).get("id").asText()).isEqualTo(id);
        assertThat(locks.get(0).get("remaining").asInt()).isEqualTo(2);

        assertError(api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"T\"}"), 400, "UNABLE_TO_LOCK_ROW");
        assertThat(ok(api.admin("GET", "locks")).get(0).get("remaining").asInt()).isEqualTo(1);
        assertThat(ok(api.admin("DELETE", "locks"))).isEmpty();
        assertThat(api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"T\"}").statusCode()).isEqualTo(204);

        assertThat(api.admin("POST", "locks?object=Lead&id=00Q000000000000").statusCode()).isEqualTo(400);
        assertThat(api.admin("POST", "locks?object=Lead&id=" + id + "&attempts=0").statusCode()).isEqualTo(400);
        assertThat(api.admin("POST", "locks?object=Nope__c&id=" + id).statusCode()).isEqualTo(404);
        assertThat(api.admin("POST", "locks?id=" + id).statusCode()).isEqualTo(400);
        assertThat(ok(api.admin("GET", "locks"))).isEmpty();
    }

    // ------------------------------------------------------------------ answers dropped after handling

    private List<Map<String, Object>> leadsNamed(String lastName) {
        return org.query("SELECT Id, LastName FROM Lead WHERE LastName = '" + lastName + "'");
    }

    @Test
    void a_create_whose_answer_is_dropped_after_handling_ends_early_for_the_client_but_the_record_exists()
            throws Exception {
        JsonNode fault = ok(api.admin("POST", "faults?path=/sobjects/Lead&dropAfter=true&count=1"));
        assertThat(fault.get("dropAfter").asBoolean()).isTrue();
        assertThat(fault.get("drop").asBoolean()).isFalse();

        assertThatThrownBy(() -> api.post(V + "/sobjects/Lead", "{\"LastName\":\"Dropped\",\"Company\":\"Lost Answer\"}"))
                .isInstanceOf(IOException.class);
        assertThat(leadsNamed("Dropped")).hasSize(1);

        JsonNode created = ok(api.post(V + "/sobjects/Lead", "{\"LastName\":\"Answered\",\"Company\":\"Kept Answer\"}"));
        assertThat(leadsNamed("Answered")).extracting(m -> m.get("Id")).containsExactly(created.get("id").asText());
    }

    @Test
    void with_a_latency_the_dropped_answer_is_held_while_the_record_already_exists() throws Exception {
        JsonNode fault = ok(api.admin("POST", "faults?path=/sobjects/Lead&dropAfter=true&latencyMs=3000&count=1"));
        assertThat(fault.get("latencyMs").asLong()).isEqualTo(3000);
        java.util.concurrent.CompletableFuture<Object> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return api.post(V + "/sobjects/Lead", "{\"LastName\":\"Held\",\"Company\":\"Slow Answer\"}");
            } catch (Exception e) {
                return e;
            }
        });

        // the create is committed and visible while its caller still waits for the answer
        await().atMost(java.time.Duration.ofSeconds(2))
                .until(() -> leadsNamed("Held").size() == 1);
        assertThat(call).isNotDone();
        assertThat(call.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(leadsNamed("Held")).hasSize(1);
    }

    /** Everything the server sends to one raw HTTP/1.1 request until it closes the connection. */
    private String rawExchange(String method, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.accessToken()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_dropped_answer_has_the_real_status_and_headers_and_half_of_the_announced_body() throws Exception {
        org.dropAnswerAfterHandling(1, "/sobjects/Lead");
        String received = rawExchange("POST", V + "/sobjects/Lead", "{\"LastName\":\"RawDropped\",\"Company\":\"Raw\"}");
        String id = (String) leadsNamed("RawDropped").get(0).get("Id");
        String full = "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[]}";
        assertThat(received).startsWith("HTTP/1.1 201 ");
        assertThat(received.toLowerCase(java.util.Locale.ROOT)).contains("content-length: " + full.length() + "\r\n");
        assertThat(received.substring(received.indexOf("\r\n\r\n") + 4)).isEqualTo(full.substring(0, full.length() / 2));

        org.dropAnswerAfterHandling(1, "/sobjects/Lead/" + id);
        String noContent = rawExchange("PATCH", V + "/sobjects/Lead/" + id, "{\"Title\":\"Raw\"}");
        assertThat(noContent).startsWith("HTTP/1.1 200 ");
        assertThat(noContent.toLowerCase(java.util.Locale.ROOT)).contains("content-length: 4096\r\n");
        assertThat(noContent).endsWith("\r\n\r\n{\"totalSize\":");
        assertThat(title(id)).isEqualTo("Raw");
    }

    @Test
    void an_update_without_an_answer_body_is_committed_when_its_answer_is_dropped() throws Exception {
        String id = lead("NoContent");
        org.dropAnswerAfterHandling(1, "/sobjects/Lead/" + id);
        assertThatThrownBy(() -> api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"Committed\"}"))
                .isInstanceOf(IOException.class);
        assertThat(title(id)).isEqualTo("Committed");
        assertThat(api.patch(V + "/sobjects/Lead/" + id, "{\"Title\":\"Again\"}").statusCode()).isEqualTo(204);
    }

    private static Map<String, Object> camelLead(String lastName, Object... more) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("attributes", Map.of("type", "Lead"));
        m.put("LastName", lastName);
        m.put("Company", "Camel Co");
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void camel_salesforce_sees_a_premature_end_of_a_collection_create_whose_records_were_created() throws Exception {
        org.dropAnswerAfterHandling(1, "/composite/sobjects");
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.USERNAME_PASSWORD)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            assertThatThrownBy(() -> template.requestBody("salesforce:compositeCreateSObjectCollections",
                    List.of(camelLead("CamelDropped"), camelLead("CamelDropped")), List.class))
                    .hasRootCauseInstanceOf(EOFException.class)
                    .satisfies(e -> assertThat(cause(e, SalesforceException.class).getStatusCode()).isEqualTo(200));
            assertThat(leadsNamed("CamelDropped")).hasSize(2);

            List<SaveSObjectResult> again = template.requestBody("salesforce:compositeCreateSObjectCollections",
                    List.of(camelLead("CamelAnswered"), camelLead("CamelAnswered")), List.class);
            assertThat(again).allSatisfy(r -> assertThat(r.getSuccess()).isTrue());
            assertThat(leadsNamed("CamelAnswered")).hasSize(2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void camel_salesforce_reads_the_lock_error_of_one_record_in_a_collection_update() throws Exception {
        String free = lead("CamelFree");
        String locked = lead("CamelLocked");
        org.lockRecord("Lead", locked, 1);
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.USERNAME_PASSWORD)) {
            List<SaveSObjectResult> results = ctx.createProducerTemplate().requestBody(
                    "salesforce:compositeUpdateSObjectCollections",
                    List.of(camelLead("CamelFree", "Id", free, "Title", "Pushed"),
                            camelLead("CamelLocked", "Id", locked, "Title", "Pushed")), List.class);
            assertThat(results.get(0).getSuccess()).isTrue();
            assertThat(results.get(1).getSuccess()).isFalse();
            assertThat(results.get(1).getErrors().get(0).getErrorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
            assertThat(results.get(1).getErrors().get(0).getMessage()).isEqualTo(LOCKED + locked);
        }
        assertThat(title(free)).isEqualTo("Pushed");
        assertThat(title(locked)).isNull();
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + t);
    }

    @Test
    void drop_before_and_drop_after_handling_exclude_each_other() throws Exception {
        assertThat(api.admin("POST", "faults?path=/x&drop=true&dropAfter=true").statusCode()).isEqualTo(400);
        assertThat(api.admin("POST", "faults?path=/x&dropAfter=true&count=0").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> org.dropAnswerAfterHandling(0, "/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
