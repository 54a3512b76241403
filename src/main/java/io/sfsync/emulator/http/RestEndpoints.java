package io.sfsync.emulator.http;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.admin.ApiFaults;
import io.sfsync.emulator.auth.Identity;
import io.sfsync.emulator.bulk.BulkEndpoints;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.Upserts;
import io.sfsync.emulator.org.ValueAccessor;
import io.sfsync.emulator.soql.QueryColumns;
import io.sfsync.emulator.soql.QueryPageJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Salesforce REST resources under {@code /services/data} (and the identity URL under {@code /id}). */
public final class RestEndpoints {

    private final EmulatorOrg org;
    private final String baseUrl;
    private final BulkEndpoints bulk;

    public RestEndpoints(EmulatorOrg org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
        this.bulk = new BulkEndpoints(org);
    }

    public void handle(HttpExchange ex, String path, ApiFaults.Fault fault) throws IOException {
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            limitHeader(ex);
            if (fault != null) {
                Http.send(ex, fault.status, Http.errorBody(fault.errorCode, fault.message, null));
                return;
            }
            versions(ex);
            return;
        }
        if (path.startsWith("/id/")) {
            if (fault != null) {
                Http.send(ex, fault.status, Http.errorBody(fault.errorCode, fault.message, null));
                return;
            }
            new Identity(org, baseUrl).identity(ex, path);
            return;
        }
        limitHeader(ex);
        String rest = path.substring("/services/data/".length());
        int slash = rest.indexOf('/');
        String versionSegment = slash < 0 ? rest : rest.substring(0, slash);
        String version = versionSegment.startsWith("v") ? versionSegment.substring(1) : "";
        if (!ApiVersions.supported(version)) {
            Http.sendError(ex, SalesforceApiException.notFound());
            return;
        }
        if (fault != null) {
            Http.send(ex, fault.status, Http.errorBody(fault.errorCode, fault.message, null));
            return;
        }
        if (!authorized(ex)) {
            return;
        }
        long used = org.countApiCall();
        limitHeader(ex);
        if (used > org.dailyApiLimit()) {
            Http.sendError(ex, new SalesforceApiException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
            return;
        }
        String resource = slash < 0 ? "" : rest.substring(slash + 1);
        List<String> seg = new ArrayList<>();
        for (String s : resource.split("/")) {
            if (!s.isEmpty()) {
                seg.add(s);
            }
        }
        org.endpointStats().record(seg);
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String override = Http.query(ex).get("_HttpMethod");
        if (method.equals("POST") && override != null) {
            method = override.toUpperCase(Locale.ROOT);
        }
        try {
            route(ex, version, seg, method);
        } catch (SalesforceApiException e) {
            Http.sendError(ex, e);
        }
    }

    private void route(HttpExchange ex, String version, List<String> seg, String method) throws IOException {
        if (seg.isEmpty()) {
            Http.requireMethod(method, "GET");
            resources(ex, version);
            return;
        }
        String head = seg.get(0);
        switch (head) {
            case "limits" -> {
                Http.requireMethod(method, "GET");
                limits(ex);
            }
            case "query", "queryAll" -> {
                Http.requireMethod(method, "GET");
                if (seg.size() == 1) {
                    query(ex, version, head.equals("queryAll"));
                } else if (seg.size() == 2) {
                    writeQueryPage(ex, version, org.queryMore(seg.get(1)), head);
                } else {
                    throw SalesforceApiException.notFound();
                }
            }
            case "sobjects" -> sobjects(ex, version, seg, method);
            case "composite" -> {
                if (seg.size() == 1) {
                    Http.requireMethod(method, "POST");
                    new CompositeEndpoints(org, this::route).composite(ex, version);
                } else if (seg.get(1).equals("graph") && seg.size() == 2) {
                    Http.requireMethod(method, "POST");
                    new CompositeEndpoints(org, this::route).graph(ex, version);
                } else if (seg.get(1).equals("batch") && seg.size() == 2) {
                    Http.requireMethod(method, "POST");
                    new CompositeEndpoints(org, this::route).batch(ex);
                } else if (seg.get(1).equals("tree") && seg.size() == 3) {
                    Http.requireMethod(method, "POST");
                    new CompositeEndpoints(org, this::route).tree(ex, seg.get(2));
                } else if (!new CollectionEndpoints(org).handleComposite(ex, seg, method)) {
                    throw SalesforceApiException.notFound();
                }
            }
            case "jobs" -> bulk.handle(ex, version, seg, method);
            case "search", "parameterizedSearch" -> {
                Http.requireMethod(method, "GET");
                if (seg.size() != 1) {
                    throw SalesforceApiException.notFound();
                }
                if (head.equals("search")) {
                    new SearchEndpoints(org).search(ex, version);
                } else {
                    new SearchEndpoints(org).parameterized(ex, version);
                }
            }
            default -> throw SalesforceApiException.notFound();
        }
    }

    // ------------------------------------------------------------------ auth, headers, simple resources

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = null;
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = auth.substring(7).trim();
            } else if (auth.regionMatches(true, 0, "OAuth ", 0, 6)) {
                token = auth.substring(6).trim();
            }
        }
        if (!org.isValidSession(token)) {
            Http.sendError(ex, new SalesforceApiException(401, "INVALID_SESSION_ID", "Session expired or invalid"));
            return false;
        }
        return true;
    }

    private void limitHeader(HttpExchange ex) {
        ex.getResponseHeaders().set("Sforce-Limit-Info",
                "api-usage=" + org.apiCallsUsed() + "/" + org.dailyApiLimit());
    }

    private void versions(HttpExchange ex) throws IOException {
        Http.sendJson(ex, 200, g -> {
            g.writeStartArray();
            for (ApiVersions.Version v : ApiVersions.all()) {
                g.writeStartObject();
                g.writeStringField("label", v.label());
                g.writeStringField("url", v.url());
                g.writeStringField("version", v.version());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void resources(HttpExchange ex, String version) throws IOException {
        String base = "/services/data/v" + version + "/";
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            for (String r : List.of("composite", "jobs", "limits", "parameterizedSearch", "query", "queryAll", "search",
                    "sobjects")) {
                g.writeStringField(r, base + r);
            }
            g.writeEndObject();
        });
    }

    private void limits(HttpExchange ex) throws IOException {
        long max = org.dailyApiLimit();
        long remaining = Math.max(0, max - org.apiCallsUsed());
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            limit(g, "ConcurrentAsyncGetReportInstances", 200, 200);
            limit(g, "DailyApiRequests", max, remaining);
            limit(g, "DailyAsyncApexExecutions", 250000, 250000);
            limit(g, "DailyBulkApiBatches", 15000, 15000);
            limit(g, "DailyBulkV2QueryJobs", 10000, 10000);
            limit(g, "DataStorageMB", 5, 5);
            limit(g, "FileStorageMB", 20, 20);
            g.writeEndObject();
        });
    }

    private static void limit(JsonGenerator g, String name, long max, long remaining) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("Max", max);
        g.writeNumberField("Remaining", remaining);
        g.writeEndObject();
    }

    // ------------------------------------------------------------------ query

    private void query(HttpExchange ex, String version, boolean all) throws IOException {
        String q = Http.query(ex).get("q");
        if (q == null || q.isBlank()) {
            throw new SalesforceApiException(400, "MALFORMED_QUERY", "A query string has to be specified");
        }
        if ("true".equalsIgnoreCase(Http.query(ex).get("columns"))) {
            Http.send(ex, 200, QueryColumns.of(org.compileQuery(q)));
            return;
        }
        int batchSize = EmulatorOrg.DEFAULT_BATCH_SIZE;
        String options = ex.getRequestHeaders().getFirst("Sforce-Query-Options");
        if (options != null) {
            for (String opt : options.split(",")) {
                String[] kv = opt.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
                    try {
                        batchSize = EmulatorOrg.clampBatchSize(Integer.parseInt(kv[1].trim()));
                    } catch (NumberFormatException e) {
                        batchSize = EmulatorOrg.DEFAULT_BATCH_SIZE;
                    }
                }
            }
        }
        writeQueryPage(ex, version, org.query(q, all, batchSize), all ? "queryAll" : "query");
    }

    /**
     * An sObject describe; with {@code If-Modified-Since}, {@code 304 Not Modified} and no body when the object's
     * describe has not changed since (as Salesforce answers it; still one API call).
     */
    private void describe(HttpExchange ex, String version, SObjectDef def) throws IOException {
        Instant modified = org.rules().access().schemaModified(def.name);
        String since = ex.getRequestHeaders().getFirst("If-Modified-Since");
        if (since != null) {
            try {
                if (!modified.isAfter(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(since)))) {
                    Http.send(ex, 304, null);
                    return;
                }
            } catch (DateTimeParseException e) {
                // an unreadable date: the full describe, as HTTP servers do
            }
        }
        ex.getResponseHeaders().set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
        Http.send(ex, 200, Describe.object(def, version, org.rules().access(), org.schema().childRelationships(def)));
    }

    private void writeQueryPage(HttpExchange ex, String version, EmulatorOrg.QueryPage page, String resource)
            throws IOException {
        Http.stream(ex, 200, out -> new QueryPageJson(out, version).write(page, resource));
    }

    // ------------------------------------------------------------------ sobjects

    private void sobjects(HttpExchange ex, String version, List<String> seg, String method) throws IOException {
        if (seg.size() == 1) {
            Http.requireMethod(method, "GET");
            Http.send(ex, 200, Describe.global(org.schema(), version, org.rules().access()));
            return;
        }
        SObjectDef def = org.schema().object(seg.get(1));
        if (def == null || !org.rules().access().objectVisible(def)) {
            throw SalesforceApiException.notFound();
        }
        if (seg.size() == 2) {
            Http.requireMethod(method, "GET", "POST");
            if (method.equals("GET")) {
                Http.send(ex, 200, Describe.basicInfo(def, version));
            } else {
                create(ex, def);
            }
            return;
        }
        if (seg.size() == 3 && seg.get(2).equals("describe")) {
            Http.requireMethod(method, "GET");
            describe(ex, version, def);
            return;
        }
        if (ReplicationEndpoints.handle(org, ex, seg, method)) {
            return;
        }
        if (seg.size() == 4 && method.equals("PATCH")
                && new CollectionEndpoints(org).handleUpsert(ex, version, seg, method, readObject(ex))) {
            return;
        }
        if (seg.size() == 4) {
            Http.requireMethod(method, "GET", "PATCH", "DELETE");
            byExternalId(ex, version, def, seg.get(2), seg.get(3), method);
            return;
        }
        if (seg.size() != 3) {
            throw SalesforceApiException.notFound();
        }
        String id = seg.get(2);
        Http.requireMethod(method, "GET", "PATCH", "DELETE");
        switch (method) {
            case "GET" -> retrieve(ex, version, def, id);
            case "PATCH" -> {
                if (!def.updateable) {
                    throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be updated: " + def.name);
                }
                org.update(def.name, id, readObject(ex));
                Http.send(ex, 204, null);
            }
            default -> {
                org.delete(def.name, id);
                Http.send(ex, 204, null);
            }
        }
    }

    /** GET or DELETE {@code /sobjects/<Type>/<externalIdField>/<value>}: one match is read or deleted. */
    private void byExternalId(HttpExchange ex, String version, SObjectDef def, String field, String value, String method)
            throws IOException {
        List<String> ids = Upserts.find(org, def.name, field, value);
        if (ids.isEmpty()) {
            throw SalesforceApiException.notFound();
        }
        if (ids.size() > 1) {
            Http.sendMultipleChoices(ex, version, def.name, ids);
            return;
        }
        if (method.equals("GET")) {
            retrieve(ex, version, def, ids.get(0));
        } else {
            org.delete(def.name, ids.get(0));
            Http.send(ex, 204, null);
        }
    }

    private void create(HttpExchange ex, SObjectDef def) throws IOException {
        Map<String, Object> fields = readObject(ex);
        Map<String, Object> created = org.create(def.name, fields);
        String id = (String) created.get("Id");
        Http.sendJson(ex, 201, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeBooleanField("success", true);
            g.writeArrayFieldStart("errors");
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void retrieve(HttpExchange ex, String version, SObjectDef def, String id) throws IOException {
        if (!SfIds.isValid(id)) {
            throw new SalesforceApiException(404, "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + id);
        }
        ObjectStore store = org.store(def.name);
        Object[] row = org.row(store, id);
        if (row == null || store.isDeleted(row)) {
            throw SalesforceApiException.notFound();
        }
        List<FieldDef> fields = new ArrayList<>();
        String fieldsParam = Http.query(ex).get("fields");
        if (fieldsParam != null && !fieldsParam.isBlank()) {
            for (String name : fieldsParam.split(",")) {
                FieldDef f = def.field(name.trim());
                if (f == null || !org.rules().access().fieldVisible(def, f)) {
                    throw new SalesforceApiException(400, "INVALID_FIELD", "No such column '" + name.trim()
                            + "' on entity '" + def.name + "'. If you are attempting to use a custom field, be sure to"
                            + " append the '__c' after the custom field name. Please reference your WSDL or the describe"
                            + " call for the appropriate names.");
                }
                fields.add(f);
            }
        } else {
            def.fields.stream().filter(f -> org.rules().access().fieldVisible(def, f)).forEach(fields::add);
        }
        String recordId = (String) row[store.idIdx];
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("attributes");
            g.writeStringField("type", def.name);
            g.writeStringField("url", "/services/data/v" + version + "/sobjects/" + def.name + "/" + recordId);
            g.writeEndObject();
            for (FieldDef f : fields) {
                g.writeFieldName(f.name);
                Http.writeValue(g, f, ValueAccessor.of(f).get(row));
            }
            g.writeEndObject();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(HttpExchange ex) throws IOException {
        byte[] body = Http.body(ex);
        if (body.length == 0) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR",
                    "The HTTP entity body is required, but this request has no entity body.");
        }
        Object parsed;
        try {
            parsed = Http.MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getOriginalMessage()
                    + (loc == null ? "" : " at [line:" + loc.getLineNr() + ", column:" + loc.getColumnNr() + "]"));
        }
        if (!(parsed instanceof Map)) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of "
                    + "SObject from " + (parsed instanceof List ? "START_ARRAY" : "VALUE_STRING")
                    + " value or request may be missing a required field at [line:1, column:1]");
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }
}
