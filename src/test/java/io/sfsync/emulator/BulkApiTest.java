package io.sfsync.emulator;

import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SfIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.assertError;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Bulk API 2.0 query and ingest jobs on the wire. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkApiTest {

    private static final String CSV = "text/csv";
    private EmulatorServer server;
    private EmulatorHttp api;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(250, 0));
        api = new EmulatorHttp(server).login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode createQueryJob(String body) throws Exception {
        return ok(api.post(V + "/jobs/query", body));
    }

    // ------------------------------------------------------------------ query jobs

    @Test
    void a_query_job_reports_its_states_and_serves_all_records_in_csv_pages_with_locators() throws Exception {
        JsonNode job = createQueryJob("{\"operation\":\"query\",\"query\":\"SELECT Id, LastName, Email, CreatedDate,"
                + " IsConverted FROM Lead ORDER BY Id LIMIT 250\",\"contentType\":\"CSV\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
        String id = job.get("id").asText();
        assertThat(id).startsWith("750").hasSize(18);
        assertThat(job.get("state").asText()).isEqualTo("UploadComplete");
        assertThat(job.get("operation").asText()).isEqualTo("query");
        assertThat(job.get("object").asText()).isEqualTo("Lead");
        assertThat(job.get("createdById").asText()).isEqualTo(server.org().userId());
        assertThat(job.get("apiVersion").asDouble()).isEqualTo(62.0);
        assertThat(job.get("createdDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        JsonNode info = ok(api.get(V + "/jobs/query/" + id));
        assertThat(info.get("state").asText()).isEqualTo("JobComplete");
        assertThat(info.get("jobType").asText()).isEqualTo("V2Query");
        assertThat(info.get("numberRecordsProcessed").asLong()).isEqualTo(250);

        List<String> lines = new ArrayList<>();
        String locator = null;
        int pages = 0;
        do {
            HttpResponse<String> r = api.get(V + "/jobs/query/" + id + "/results?maxRecords=100"
                    + (locator == null ? "" : "&locator=" + locator));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
            assertThat(r.headers().firstValue("Sforce-Limit-Info")).isPresent();
            String[] rows = r.body().split("\n");
            assertThat(rows[0]).isEqualTo("\"Id\",\"LastName\",\"Email\",\"CreatedDate\",\"IsConverted\"");
            assertThat(r.headers().firstValue("Sforce-NumberOfRecords")).contains(Integer.toString(rows.length - 1));
            lines.addAll(List.of(rows).subList(1, rows.length));
            locator = r.headers().firstValue("Sforce-Locator").orElseThrow();
            pages++;
        } while (!locator.equals("null"));
        assertThat(pages).isEqualTo(3);
        assertThat(lines).hasSize(250);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(line.substring(1, 19));
        }
        assertThat(ids).hasSize(250);
        assertThat(lines.get(0)).matches("\"00Q\\w{15}\",\"[^\"]+\",\"[^\"]*\",\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"false\"");
    }

    @Test
    void query_all_includes_deleted_records_and_other_delimiters_and_line_endings_are_honoured() throws Exception {
        Map<String, Object> lead = server.org().create("Lead", Map.of("LastName", "Gone \"Quoted\"", "Company", "X; Y"));
        server.org().delete("Lead", (String) lead.get("Id"));
        String soql = "SELECT Id, LastName, Company FROM Lead WHERE Id = '" + lead.get("Id") + "'";
        String all = createQueryJob("{\"operation\":\"queryAll\",\"query\":\"" + soql + "\",\"columnDelimiter\":\"SEMICOLON\","
                + "\"lineEnding\":\"CRLF\"}").get("id").asText();
        HttpResponse<String> r = api.get(V + "/jobs/query/" + all + "/results");
        assertThat(r.body()).isEqualTo("\"Id\";\"LastName\";\"Company\"\r\n\"" + lead.get("Id") + "\";\"Gone \"\"Quoted\"\"\";\"X; Y\"\r\n");
        assertThat(r.headers().firstValue("Sforce-Locator")).contains("null");
        String live = createQueryJob("{\"operation\":\"query\",\"query\":\"" + soql + "\"}").get("id").asText();
        assertThat(api.get(V + "/jobs/query/" + live + "/results").headers().firstValue("Sforce-NumberOfRecords")).contains("0");
    }

    @Test
    void invalid_query_jobs_are_rejected_when_created() throws Exception {
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Nope FROM Lead\"}"), 400, "INVALID_FIELD");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM Lead\"}"), 400, "API_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead OFFSET 5\"}"), 400, "API_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"select\",\"query\":\"SELECT Id FROM Lead\"}"), 400, "JSON_PARSER_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\"}"), 400, "API_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\",\"contentType\":\"JSON\"}"),
                400, "JSON_PARSER_ERROR");
        assertError(api.post(V + "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\",\"columnDelimiter\":\"STAR\"}"),
                400, "JSON_PARSER_ERROR");
        assertError(api.post(V + "/jobs/query", "{not json"), 400, "JSON_PARSER_ERROR");
        assertError(api.post(V + "/jobs/query", ""), 400, "JSON_PARSER_ERROR");
    }

    @Test
    void results_need_a_complete_job_a_valid_locator_and_the_jobs_api_version() throws Exception {
        String id = createQueryJob("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}").get("id").asText();
        assertError(api.get(V + "/jobs/query/" + id + "/results?locator=!!!"), 400, "INVALIDLOCATOR");
        assertError(api.get(V + "/jobs/query/" + id + "/results?maxRecords=0"), 400, "API_ERROR");
        assertError(api.get("/services/data/v61.0/jobs/query/" + id + "/results"), 409, "API_ERROR");
        assertError(api.get(V + "/jobs/query/750000000000000AAA"), 404, "NOT_FOUND");
        assertError(api.get(V + "/jobs/query/" + id + "/nothing"), 404, "NOT_FOUND");
        assertError(api.send(api.req(V + "/jobs/query/" + id).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())),
                405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void a_query_job_can_be_aborted_before_it_runs_and_deleted_when_finished() throws Exception {
        String id = createQueryJob("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}").get("id").asText();
        assertError(api.delete(V + "/jobs/query/" + id), 400, "INVALIDJOBSTATE");
        assertThat(ok(api.patch(V + "/jobs/query/" + id, "{\"state\":\"Aborted\"}")).get("state").asText()).isEqualTo("Aborted");
        assertThat(ok(api.get(V + "/jobs/query/" + id)).get("state").asText()).isEqualTo("Aborted");
        assertError(api.get(V + "/jobs/query/" + id + "/results"), 400, "JOB_NOT_COMPLETE");
        assertError(api.patch(V + "/jobs/query/" + id, "{\"state\":\"Aborted\"}"), 400, "INVALIDJOBSTATE");
        assertThat(api.delete(V + "/jobs/query/" + id).statusCode()).isEqualTo(204);
        assertError(api.get(V + "/jobs/query/" + id), 404, "NOT_FOUND");

        String done = createQueryJob("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}").get("id").asText();
        ok(api.get(V + "/jobs/query/" + done));
        assertError(api.patch(V + "/jobs/query/" + done, "{\"state\":\"Aborted\"}"), 400, "INVALIDJOBSTATE");
        assertError(api.patch(V + "/jobs/query/" + done, "{\"state\":\"UploadComplete\"}"), 400, "INVALIDJOBSTATE");
    }

    @Test
    void the_query_job_list_shows_query_jobs_only() throws Exception {
        String id = createQueryJob("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Lead\"}").get("id").asText();
        String ingest = ok(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"insert\"}")).get("id").asText();
        JsonNode list = ok(api.get(V + "/jobs/query"));
        assertThat(list.get("done").asBoolean()).isTrue();
        assertThat(list.get("nextRecordsUrl").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        list.get("records").forEach(j -> ids.add(j.get("id").asText()));
        assertThat(ids).contains(id).doesNotContain(ingest);
        List<String> ingestIds = new ArrayList<>();
        ok(api.get(V + "/jobs/ingest")).get("records").forEach(j -> ingestIds.add(j.get("id").asText()));
        assertThat(ingestIds).contains(ingest).doesNotContain(id);
        assertError(api.get(V + "/jobs/ingest/" + id), 404, "NOT_FOUND");
        assertError(api.get(V + "/jobs"), 404, "NOT_FOUND");
        assertError(api.get(V + "/jobs/other"), 404, "NOT_FOUND");
    }

    // ------------------------------------------------------------------ ingest jobs

    private String ingestJob(String body, String csv) throws Exception {
        JsonNode job = ok(api.post(V + "/jobs/ingest", body));
        assertThat(job.get("state").asText()).isEqualTo("Open");
        String id = job.get("id").asText();
        assertThat(job.get("contentUrl").asText()).isEqualTo("services/data/v62.0/jobs/ingest/" + id + "/batches");
        HttpResponse<String> upload = api.put(V + "/jobs/ingest/" + id + "/batches", CSV, csv);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        JsonNode closed = ok(api.patch(V + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}"));
        assertThat(closed.get("state").asText()).isEqualTo("UploadComplete");
        return id;
    }

    @Test
    void an_insert_job_creates_valid_rows_and_reports_failures_in_the_bulk_error_format() throws Exception {
        int before = server.org().count("Lead");
        String id = ingestJob("{\"object\":\"Lead\",\"operation\":\"insert\",\"contentType\":\"CSV\",\"lineEnding\":\"LF\"}",
                "LastName,Company,Email,NumberOfEmployees\n"
                        + "Bulkley,\"Acme, Inc.\",b@acme.com,12\n"
                        + ",NoName Ltd,,\n"
                        + "Mailer,Post,not-an-email,\n");
        JsonNode info = ok(api.get(V + "/jobs/ingest/" + id));
        assertThat(info.get("state").asText()).isEqualTo("JobComplete");
        assertThat(info.get("jobType").asText()).isEqualTo("V2Ingest");
        assertThat(info.get("numberRecordsProcessed").asLong()).isEqualTo(3);
        assertThat(info.get("numberRecordsFailed").asLong()).isEqualTo(2);
        assertThat(server.org().count("Lead")).isEqualTo(before + 1);

        String[] ok = api.get(V + "/jobs/ingest/" + id + "/successfulResults/").body().split("\n");
        assertThat(ok[0]).isEqualTo("\"sf__Id\",\"sf__Created\",\"LastName\",\"Company\",\"Email\",\"NumberOfEmployees\"");
        assertThat(ok).hasSize(2);
        String newId = ok[1].substring(1, 19);
        assertThat(ok[1]).isEqualTo("\"" + newId + "\",\"true\",\"Bulkley\",\"Acme, Inc.\",\"b@acme.com\",\"12\"");
        assertThat(server.org().get("Lead", newId)).get().extracting(m -> m.get("NumberOfEmployees")).isEqualTo(12);

        String failed = api.get(V + "/jobs/ingest/" + id + "/failedResults/").body();
        assertThat(failed).isEqualTo("\"sf__Id\",\"sf__Error\",\"LastName\",\"Company\",\"Email\",\"NumberOfEmployees\"\n"
                + "\"\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --\",\"\",\"NoName Ltd\",\"\",\"\"\n"
                + "\"\",\"INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email --\",\"Mailer\",\"Post\",\"not-an-email\",\"\"\n");
        assertThat(api.get(V + "/jobs/ingest/" + id + "/unprocessedrecords/").body())
                .isEqualTo("\"LastName\",\"Company\",\"Email\",\"NumberOfEmployees\"\n");
    }

    @Test
    void update_upsert_and_delete_jobs_go_through_the_orgs_validation() throws Exception {
        Map<String, Object> a = server.org().create("Lead", Map.of("LastName", "Alpha", "Company", "A", "Email", "alpha@a.com"));
        Map<String, Object> b = server.org().create("Lead", Map.of("LastName", "Beta", "Company", "B", "Title", "Boss"));
        String aId = (String) a.get("Id");
        String bId = (String) b.get("Id");

        String update = ingestJob("{\"object\":\"Lead\",\"operation\":\"update\"}",
                "Id,Title,Company\n" + aId + ",Chief,\n" + bId + ",#N/A,B2\n,Nobody,\n");
        JsonNode info = ok(api.get(V + "/jobs/ingest/" + update));
        assertThat(info.get("numberRecordsFailed").asLong()).isEqualTo(1);
        assertThat(server.org().get("Lead", aId).orElseThrow()).containsEntry("Title", "Chief").containsEntry("Company", "A");
        assertThat(server.org().get("Lead", bId).orElseThrow()).containsEntry("Title", null).containsEntry("Company", "B2");
        assertThat(api.get(V + "/jobs/ingest/" + update + "/failedResults").body())
                .contains("\"MISSING_ARGUMENT:Id not specified in an update call: --\"");
        assertThat(api.get(V + "/jobs/ingest/" + update + "/successfulResults").body()).contains("\"" + aId + "\",\"false\"");

        String upsert = ingestJob("{\"object\":\"Lead\",\"operation\":\"upsert\",\"externalIdFieldName\":\"Id\"}",
                "Id,LastName,Company\n" + aId + ",Alphonse,A\n,Gamma,G\n");
        String[] rows = api.get(V + "/jobs/ingest/" + upsert + "/successfulResults").body().split("\n");
        assertThat(rows).hasSize(3);
        assertThat(rows[1]).startsWith("\"" + aId + "\",\"false\"");
        assertThat(rows[2]).contains("\"true\",\"\",\"Gamma\"");
        assertThat(server.org().get("Lead", aId).orElseThrow()).containsEntry("LastName", "Alphonse");

        String delete = ingestJob("{\"object\":\"Lead\",\"operation\":\"delete\"}", "Id\n" + bId + "\n" + SfIds.make("00Q", SfIds.COUNTER_BASE + 9_999_999) + "\n");
        assertThat(ok(api.get(V + "/jobs/ingest/" + delete)).get("numberRecordsFailed").asLong()).isEqualTo(1);
        assertThat(server.org().get("Lead", bId).orElseThrow()).containsEntry("IsDeleted", true);
        assertThat(api.get(V + "/jobs/ingest/" + delete + "/failedResults").body()).contains("NOT_FOUND:");
    }

    @Test
    void upsert_by_an_external_id_field_matches_existing_records() throws Exception {
        FieldDef ext = null;
        for (FieldDef f : server.org().schema().object("Lead").fields) {
            if ((f.externalId || f.idLookup) && f.createable && f.type == FieldType.EMAIL) {
                ext = f;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(ext != null, "schema has an indexed Email field on Lead");
        server.org().create("Lead", Map.of("LastName", "Match", "Company", "M", "Email", "match@upsert.test"));
        String job = ingestJob("{\"object\":\"Lead\",\"operation\":\"upsert\",\"externalIdFieldName\":\"" + ext.name + "\"}",
                "Email,LastName,Company\nmatch@upsert.test,Matched,M\nfresh@upsert.test,Fresh,F\n");
        String[] rows = api.get(V + "/jobs/ingest/" + job + "/successfulResults").body().split("\n");
        assertThat(rows).hasSize(3);
        assertThat(rows[1]).contains("\"false\",\"match@upsert.test\"");
        assertThat(rows[2]).contains("\"true\",\"fresh@upsert.test\"");
    }

    @Test
    void a_job_with_an_unknown_column_fails_as_a_whole() throws Exception {
        String id = ingestJob("{\"object\":\"Lead\",\"operation\":\"insert\"}", "LastName,Nope__c\nX,Y\n");
        JsonNode info = ok(api.get(V + "/jobs/ingest/" + id));
        assertThat(info.get("state").asText()).isEqualTo("Failed");
        assertThat(info.get("errorMessage").asText()).isEqualTo("InvalidBatch : Field name not found : Nope__c");
        String bad = ingestJob("{\"object\":\"Lead\",\"operation\":\"insert\"}", "LastName,Company\n\"open quote,X\n");
        assertThat(ok(api.get(V + "/jobs/ingest/" + bad)).get("state").asText()).isEqualTo("Failed");
    }

    @Test
    void ingest_job_state_rules_and_creation_errors() throws Exception {
        assertError(api.post(V + "/jobs/ingest", "{\"object\":\"Nope\",\"operation\":\"insert\"}"), 400, "INVALIDENTITY");
        assertError(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"merge\"}"), 400, "JSON_PARSER_ERROR");
        assertError(api.post(V + "/jobs/ingest", "{\"operation\":\"insert\"}"), 400, "API_ERROR");
        assertError(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"upsert\"}"), 400, "INVALIDJOB");
        assertError(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"upsert\",\"externalIdFieldName\":\"Title\"}"),
                400, "INVALIDJOB");

        String id = ok(api.post(V + "/jobs/ingest", "{\"object\":\"Lead\",\"operation\":\"insert\"}")).get("id").asText();
        assertError(api.put(V + "/jobs/ingest/" + id + "/batches", "application/json", "{}"), 400, "INVALIDCONTENTTYPE");
        assertError(api.delete(V + "/jobs/ingest/" + id), 400, "INVALIDJOBSTATE");
        assertThat(api.put(V + "/jobs/ingest/" + id + "/batches", CSV, "LastName,Company\nOne,A\n").statusCode()).isEqualTo(201);
        assertThat(api.put(V + "/jobs/ingest/" + id + "/batches", CSV, "LastName,Company\nTwo,B\n").statusCode()).isEqualTo(201);
        JsonNode aborted = ok(api.patch(V + "/jobs/ingest/" + id, "{\"state\":\"Aborted\"}"));
        assertThat(aborted.get("state").asText()).isEqualTo("Aborted");
        assertThat(api.get(V + "/jobs/ingest/" + id + "/unprocessedrecords").body())
                .isEqualTo("\"LastName\",\"Company\"\n\"One\",\"A\"\n\"Two\",\"B\"\n");
        assertError(api.put(V + "/jobs/ingest/" + id + "/batches", CSV, "LastName\nX\n"), 400, "INVALIDJOBSTATE");
        assertError(api.patch(V + "/jobs/ingest/" + id, "{\"state\":\"UploadComplete\"}"), 400, "INVALIDJOBSTATE");
        assertThat(api.delete(V + "/jobs/ingest/" + id).statusCode()).isEqualTo(204);
        assertError(api.get(V + "/jobs/ingest/" + id), 404, "NOT_FOUND");
        assertThat(ok(api.admin("GET", "stats")).get("calls").get("jobs/ingest").asLong()).isGreaterThan(5);
    }
}
