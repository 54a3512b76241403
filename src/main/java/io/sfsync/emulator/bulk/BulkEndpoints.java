package io.sfsync.emulator.bulk;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.org.Values;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk API 2.0 resources under {@code /services/data/vXX.X/jobs/}: {@code query} (create, list, info, abort,
 * delete, results) and {@code ingest} (create, list, info, upload batches, close/abort, delete, successful /
 * failed / unprocessed results). Job state lives in {@link BulkJobs}.
 */
public final class BulkEndpoints {

    static final String CSV_TYPE = "text/csv";
    private static final Set<String> QUERY_OPERATIONS = Set.of("query", "queryAll");
    private static final Set<String> INGEST_OPERATIONS = Set.of("insert", "update", "upsert", "delete", "hardDelete");

    private final EmulatorOrg org;
    private final BulkJobs jobs;

    public BulkEndpoints(EmulatorOrg org) {
        this.org = org;
        this.jobs = new BulkJobs(org);
    }

    /** {@code seg} = path segments after the version, starting with "jobs". */
    public void handle(HttpExchange ex, String version, List<String> seg, String method) throws IOException {
        if (seg.size() < 2) {
            throw SalesforceApiException.notFound();
        }
        switch (seg.get(1)) {
            case "query" -> query(ex, version, seg, method);
            case "ingest" -> ingest(ex, version, seg, method);
            default -> throw SalesforceApiException.notFound();
        }
    }

    // ------------------------------------------------------------------ query jobs

    private void query(HttpExchange ex, String version, List<String> seg, String method) throws IOException {
        if (seg.size() == 2) {
            if (method.equals("POST")) {
                JsonNode body = readJson(ex);
                String operation = enumValue(body, "operation", QUERY_OPERATIONS, null);
                String soql = text(body, "query");
                if (soql == null || soql.isBlank()) {
                    throw new SalesforceApiException(400, "API_ERROR", "query is required");
                }
                checkContentType(body);
                BulkJobs.QueryJob job = jobs.createQueryJob(operation, soql, version,
                        delimiterName(body), lineEndingName(body));
                Http.sendJson(ex, 200, g -> queryJobInfo(g, job, false));
                return;
            }
            Http.requireMethod(method, "GET", "POST");
            List<BulkJobs.QueryJob> all = jobs.list(BulkJobs.QueryJob.class);
            Http.sendJson(ex, 200, g -> {
                g.writeStartObject();
                g.writeBooleanField("done", true);
                g.writeArrayFieldStart("records");
                for (BulkJobs.QueryJob j : all) {
                    queryJobInfo(g, j, true);
                }
                g.writeEndArray();
                g.writeNullField("nextRecordsUrl");
                g.writeEndObject();
            });
            return;
        }
        BulkJobs.QueryJob job = jobs.find(seg.get(2), BulkJobs.QueryJob.class);
        if (method.equals("GET")) {
            jobs.process(job);
        }
        if (seg.size() == 3) {
            Http.requireMethod(method, "GET", "PATCH", "DELETE");
            switch (method) {
                case "GET" -> Http.sendJson(ex, 200, g -> queryJobInfo(g, job, true));
                case "PATCH" -> {
                    jobs.changeState(job, text(readJson(ex), "state"));
                    Http.sendJson(ex, 200, g -> queryJobInfo(g, job, false));
                }
                default -> {
                    jobs.delete(job);
                    Http.send(ex, 204, null);
                }
            }
            return;
        }
        if (seg.size() == 4 && seg.get(3).equals("results")) {
            Http.requireMethod(method, "GET");
            if (!job.apiVersion.equals(version)) {
                throw new SalesforceApiException(409, "API_ERROR", "Use the API version the job was created with ("
                        + job.apiVersion + ") to get its results");
            }
            Map<String, String> p = Http.query(ex);
            int maxRecords = BulkJobs.DEFAULT_MAX_RECORDS;
            String max = p.get("maxRecords");
            if (max != null) {
                try {
                    maxRecords = Integer.parseInt(max.trim());
                } catch (NumberFormatException e) {
                    maxRecords = -1;
                }
                if (maxRecords <= 0) {
                    throw new SalesforceApiException(400, "API_ERROR", "maxRecords must be a positive integer: " + max);
                }
            }
            BulkJobs.ResultPage page = jobs.results(job, p.get("locator"), maxRecords);
            ex.getResponseHeaders().set("Sforce-Locator", page.nextLocator() == null ? "null" : page.nextLocator());
            ex.getResponseHeaders().set("Sforce-NumberOfRecords", Integer.toString(page.records()));
            sendCsv(ex, page.csv());
            return;
        }
        throw SalesforceApiException.notFound();
    }

    private void queryJobInfo(JsonGenerator g, BulkJobs.QueryJob job, boolean full) throws IOException {
        g.writeStartObject();
        commonInfo(g, job);
        if (full) {
            g.writeStringField("jobType", "V2Query");
            g.writeNumberField("numberRecordsProcessed", job.numberRecordsProcessed);
            g.writeNumberField("retries", 0);
            g.writeNumberField("totalProcessingTime", job.totalProcessingTime);
            g.writeBooleanField("isPkChunkingSupported", true);
        }
        g.writeEndObject();
    }

    private void commonInfo(JsonGenerator g, BulkJobs.Job job) throws IOException {
        g.writeStringField("id", job.id);
        g.writeStringField("operation", job.operation);
        g.writeStringField("object", job.object);
        g.writeStringField("createdById", org.userId());
        g.writeStringField("createdDate", Values.formatDateTime(job.createdDate));
        g.writeStringField("systemModstamp", Values.formatDateTime(job.systemModstamp));
        g.writeStringField("state", job.state);
        if (job instanceof BulkJobs.IngestJob ingest && ingest.externalIdFieldName != null) {
            g.writeStringField("externalIdFieldName", ingest.externalIdFieldName);
        }
        g.writeStringField("concurrencyMode", "Parallel");
        g.writeStringField("contentType", "CSV");
        g.writeFieldName("apiVersion");
        g.writeNumber(new BigDecimal(job.apiVersion));
        g.writeStringField("lineEnding", job.lineEnding);
        g.writeStringField("columnDelimiter", job.columnDelimiter);
    }

    // ------------------------------------------------------------------ ingest jobs

    private void ingest(HttpExchange ex, String version, List<String> seg, String method) throws IOException {
        if (seg.size() == 2) {
            if (method.equals("POST")) {
                JsonNode body = readJson(ex);
                String object = text(body, "object");
                if (object == null || object.isBlank()) {
                    throw new SalesforceApiException(400, "API_ERROR", "object is required");
                }
                String operation = enumValue(body, "operation", INGEST_OPERATIONS, null);
                checkContentType(body);
                BulkJobs.IngestJob job = jobs.createIngestJob(object, operation, text(body, "externalIdFieldName"),
                        version, delimiterName(body), lineEndingName(body));
                Http.sendJson(ex, 200, g -> ingestJobInfo(g, job, false));
                return;
            }
            Http.requireMethod(method, "GET", "POST");
            List<BulkJobs.IngestJob> all = jobs.list(BulkJobs.IngestJob.class);
            Http.sendJson(ex, 200, g -> {
                g.writeStartObject();
                g.writeBooleanField("done", true);
                g.writeArrayFieldStart("records");
                for (BulkJobs.IngestJob j : all) {
                    ingestJobInfo(g, j, false);
                }
                g.writeEndArray();
                g.writeNullField("nextRecordsUrl");
                g.writeEndObject();
            });
            return;
        }
        BulkJobs.IngestJob job = jobs.find(seg.get(2), BulkJobs.IngestJob.class);
        if (method.equals("GET")) {
            jobs.process(job);
        }
        if (seg.size() == 3) {
            Http.requireMethod(method, "GET", "PATCH", "DELETE");
            switch (method) {
                case "GET" -> Http.sendJson(ex, 200, g -> ingestJobInfo(g, job, true));
                case "PATCH" -> {
                    jobs.changeState(job, text(readJson(ex), "state"));
                    Http.sendJson(ex, 200, g -> ingestJobInfo(g, job, false));
                }
                default -> {
                    jobs.delete(job);
                    Http.send(ex, 204, null);
                }
            }
            return;
        }
        if (seg.size() == 4) {
            switch (seg.get(3)) {
                case "batches" -> {
                    Http.requireMethod(method, "PUT");
                    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
                    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CSV_TYPE)) {
                        throw new SalesforceApiException(400, "INVALIDCONTENTTYPE",
                                "Content-Type must be text/csv, was " + contentType);
                    }
                    jobs.upload(job, new String(Http.body(ex), StandardCharsets.UTF_8));
                    ex.sendResponseHeaders(201, -1);
                }
                case "successfulResults", "failedResults", "unprocessedrecords" -> {
                    Http.requireMethod(method, "GET");
                    sendCsv(ex, jobs.ingestResults(job, seg.get(3)));
                }
                default -> throw SalesforceApiException.notFound();
            }
            return;
        }
        throw SalesforceApiException.notFound();
    }

    private void ingestJobInfo(JsonGenerator g, BulkJobs.IngestJob job, boolean full) throws IOException {
        g.writeStartObject();
        commonInfo(g, job);
        g.writeStringField("contentUrl", "services/data/v" + job.apiVersion + "/jobs/ingest/" + job.id + "/batches");
        if (full) {
            g.writeStringField("jobType", "V2Ingest");
            g.writeNumberField("numberRecordsProcessed", job.numberRecordsProcessed);
            g.writeNumberField("numberRecordsFailed", job.numberRecordsFailed);
            g.writeNumberField("retries", 0);
            g.writeNumberField("totalProcessingTime", job.totalProcessingTime);
            g.writeNumberField("apiActiveProcessingTime", job.totalProcessingTime);
            g.writeNumberField("apexProcessingTime", 0);
            if (job.errorMessage != null) {
                g.writeStringField("errorMessage", job.errorMessage);
            }
        }
        g.writeEndObject();
    }

    // ------------------------------------------------------------------ helpers

    private static void sendCsv(HttpExchange ex, String csv) throws IOException {
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", CSV_TYPE);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] body = Http.body(ex);
        if (body.length == 0) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR",
                    "The HTTP entity body is required, but this request has no entity body.");
        }
        try {
            JsonNode node = Http.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String enumValue(JsonNode body, String field, Set<String> allowed, String dflt) {
        String v = text(body, field);
        if (v == null) {
            if (dflt != null) {
                return dflt;
            }
            throw new SalesforceApiException(400, "API_ERROR", field + " is required");
        }
        if (!allowed.contains(v)) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type `"
                    + field + "` from String \"" + v + "\": not one of the values accepted " + allowed);
        }
        return v;
    }

    private static void checkContentType(JsonNode body) {
        String ct = text(body, "contentType");
        if (ct != null && !ct.equals("CSV")) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type `contentType`"
                    + " from String \"" + ct + "\": only CSV is supported");
        }
    }

    private static String delimiterName(JsonNode body) {
        String v = text(body, "columnDelimiter");
        try {
            Csv.delimiter(v);
        } catch (IllegalArgumentException e) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type"
                    + " `columnDelimiter` from String \"" + v + "\"");
        }
        return v == null ? "COMMA" : v;
    }

    private static String lineEndingName(JsonNode body) {
        String v = text(body, "lineEnding");
        try {
            Csv.lineEnding(v);
        } catch (IllegalArgumentException e) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize value of type"
                    + " `lineEnding` from String \"" + v + "\"");
        }
        return v == null ? "LF" : v;
    }
}
