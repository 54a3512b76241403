package io.sfsync.emulator.http;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.Upserts;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * sObject Collections ({@code /composite/sobjects}: create, update, upsert by external id, delete) and the
 * single-record upsert {@code PATCH /sobjects/{T}/{externalIdField}/{value}}.
 *
 * <p>Collections answer 200 with one result per record, in request order:
 * {@code {"id","success","errors":[{"statusCode","message","fields"}]}} (plus {@code created} for upsert). With
 * {@code allOrNone} every involved object is write-locked for the whole request and, when any record fails, all
 * changes are undone: failing records keep their own error, the others get ALL_OR_NONE_OPERATION_ROLLED_BACK.
 * camel-salesforce sends allOrNone inside the JSON body ({@code {"allOrNone":true,"records":[...]}}) for
 * create/update/upsert and as a query parameter for delete; both are honoured.</p>
 */
final class CollectionEndpoints {

    static final int MAX_RECORDS = 200;
    static final String ROLLED_BACK = "Record rolled back because not all records were valid and the request was"
            + " using AllOrNone header";

    private final EmulatorOrg org;

    CollectionEndpoints(EmulatorOrg org) {
        this.org = org;
    }

    // ------------------------------------------------------------------ routing

    /** seg = [composite, sobjects, ...]; returns false when the path is not a collection resource. */
    boolean handleComposite(HttpExchange ex, List<String> seg, String method) throws IOException {
        if (seg.size() < 2 || !seg.get(0).equals("composite") || !seg.get(1).equals("sobjects")) {
            return false;
        }
        if (seg.size() == 2) {
            switch (method) {
                case "POST" -> {
                    Body b = body(ex);
                    sendResults(ex, run(b.allOrNone, b.records.stream().map(r -> (Op) () -> create(r)).toList()), false);
                }
                case "PATCH" -> {
                    Body b = body(ex);
                    sendResults(ex, run(b.allOrNone, b.records.stream().map(r -> (Op) () -> update(r)).toList()), false);
                }
                case "DELETE" -> {
                    Map<String, String> q = Http.query(ex);
                    String ids = q.getOrDefault("ids", "");
                    List<String> list = ids.isBlank() ? List.of() : Arrays.stream(ids.split(",")).map(String::trim).toList();
                    if (list.isEmpty()) {
                        throw new SalesforceApiException(400, "MISSING_ARGUMENT", "Missing argument: ids");
                    }
                    checkCount(list.size());
                    boolean allOrNone = Boolean.parseBoolean(q.getOrDefault("allOrNone", "false"));
                    sendResults(ex, run(allOrNone, list.stream().map(id -> (Op) () -> delete(id)).toList()), false);
                }
                default -> throw new SalesforceApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method
                        + "' not allowed. Allowed are POST,PATCH,DELETE");
            }
            return true;
        }
        if (seg.size() == 4 && method.equals("PATCH")) {
            SObjectDef def = org.store(seg.get(2)).def;
            FieldDef ext = Upserts.externalIdField(def, seg.get(3));
            Body b = body(ex);
            sendResults(ex, run(b.allOrNone, b.records.stream().map(r -> (Op) () -> upsert(def, ext, r)).toList()), true);
            return true;
        }
        return false;
    }

    /** seg = [sobjects, T, field, value]: PATCH upserts by external id; returns false otherwise. */
    boolean handleUpsert(HttpExchange ex, String version, List<String> seg, String method,
                         Map<String, Object> body) throws IOException {
        if (seg.size() != 4 || !method.equals("PATCH")) {
            return false;
        }
        Upserts.Result r = Upserts.tryUpsert(org, seg.get(1), seg.get(2), seg.get(3), body);
        if (r.ambiguous()) {
            Http.sendMultipleChoices(ex, version, org.store(seg.get(1)).def.name, r.matches());
            return true;
        }
        if (!r.created() && Double.parseDouble(version) < 46.0) {
            Http.send(ex, 204, null); // before API 46.0 an update answered 204 No Content
            return true;
        }
        Http.sendJson(ex, r.created() ? 201 : 200, g -> {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeBooleanField("success", true);
            g.writeArrayFieldStart("errors");
            g.writeEndArray();
            g.writeBooleanField("created", r.created());
            g.writeEndObject();
        });
        return true;
    }

    // ------------------------------------------------------------------ operations

    /** One record's outcome; id null for a failed save and for a delete of a malformed id. */
    record Result(String id, boolean success, Boolean created, SalesforceApiException error) {
    }

    @FunctionalInterface
    interface Op {
        Result apply();
    }

    private Result create(Map<String, Object> record) {
        String type = type(record);
        Map<String, Object> fields = fields(record);
        String id = (String) org.create(type, fields).get("Id");
        return new Result(id, true, Boolean.TRUE, null); // created: a rolled-back create loses its id
    }

    private Result update(Map<String, Object> record) {
        String type = type(record);
        Object id = null;
        for (String k : record.keySet()) {
            if (k.equalsIgnoreCase("Id")) {
                id = record.get(k);
            }
        }
        if (id == null) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", "Id not specified in an update call",
                    List.of("Id"));
        }
        Map<String, Object> fields = fields(record);
        fields.keySet().removeIf(k -> k.equalsIgnoreCase("Id"));
        ObjectStore store = org.store(type);
        if (!store.def.updateable) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be updated: " + type);
        }
        org.update(type, id.toString(), fields); // a failed SaveResult carries no id
        return new Result(SfIds.isValid(id.toString()) ? SfIds.to18(id.toString()) : id.toString(), true, null, null);
    }

    private Result upsert(SObjectDef def, FieldDef ext, Map<String, Object> record) {
        if (record.get("attributes") instanceof Map<?, ?> a && a.get("type") != null
                && org.schema().object(a.get("type").toString()) != def) {
            throw new SalesforceApiException(400, "INVALID_TYPE", "Record type " + a.get("type")
                    + " does not match the sObject type of the request: " + def.name);
        }
        Object value = null;
        for (String k : record.keySet()) {
            if (k.equalsIgnoreCase(ext.name)) {
                value = record.get(k);
            }
        }
        if (value == null) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", ext.name + " not specified", List.of(ext.name));
        }
        Upserts.Result r = Upserts.tryUpsert(org, def.name, ext.name, value.toString(), fields(record));
        if (r.ambiguous()) {
            throw new SalesforceApiException(400, "DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: " + value
                    + " matches " + r.matches().size() + " records: " + String.join(", ", r.matches()), List.of(ext.name));
        }
        return new Result(r.id(), true, r.created(), null);
    }

    private Result delete(String id) {
        SObjectDef def = SfIds.isValid(id) ? org.schema().objectByKeyPrefix(id.substring(0, 3)) : null;
        if (def == null) {
            throw new SalesforceApiException(400, "MALFORMED_ID", "malformed id " + id); // no id: none was recognised
        }
        try {
            org.delete(def.name, id);
        } catch (SalesforceApiException e) {
            SalesforceApiException mapped = e.errorCode().equals("NOT_FOUND")
                    ? new SalesforceApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")
                    : e;
            throw withId(mapped, id);
        }
        return new Result(SfIds.to18(id), true, null, null);
    }

    private String type(Map<String, Object> record) {
        if (record.get("attributes") instanceof Map<?, ?> a && a.get("type") != null) {
            return a.get("type").toString();
        }
        throw new SalesforceApiException(400, "INVALID_TYPE", "Must send a concrete entity type.");
    }

    private static Map<String, Object> fields(Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>(record);
        out.remove("attributes");
        return out;
    }

    /**
     * Carries the record id of a failed delete to the result: a DeleteResult names the record it attempted, a
     * SaveResult (create, update, upsert) has no id unless the record was saved.
     */
    private static final class FailedWithId extends RuntimeException {
        final String id;
        final SalesforceApiException error;

        FailedWithId(String id, SalesforceApiException error) {
            super(error.getMessage(), null, false, false);
            this.id = id;
            this.error = error;
        }
    }

    private static FailedWithId withId(SalesforceApiException e, String id) {
        return new FailedWithId(SfIds.isValid(id) ? SfIds.to18(id) : id, e);
    }

    // ------------------------------------------------------------------ all-or-none execution

    List<Result> run(boolean allOrNone, List<Op> ops) {
        if (!allOrNone) {
            List<Result> out = new ArrayList<>();
            for (Op op : ops) {
                out.add(attempt(op));
            }
            return out;
        }
        List<Result> out = atomically(org, () -> {
            List<Result> results = new ArrayList<>();
            for (Op op : ops) {
                results.add(attempt(op));
            }
            return results;
        }, results -> results.stream().anyMatch(r -> !r.success()));
        if (out.stream().allMatch(Result::success)) {
            return out;
        }
        List<Result> rolled = new ArrayList<>();
        for (Result r : out) {
            rolled.add(r.success() ? new Result(Boolean.TRUE.equals(r.created()) ? null : r.id(), false, null,
                    new SalesforceApiException(400, "ALL_OR_NONE_OPERATION_ROLLED_BACK", ROLLED_BACK)) : r);
        }
        return rolled;
    }

    /**
     * Runs {@code work} with every object of the org write-locked (schema order, so concurrent requests cannot
     * deadlock; the locks are reentrant, so nested all-or-none work is fine) and puts every object back as it was
     * when {@code failed} says the outcome must not stay.
     */
    static <T> T atomically(EmulatorOrg org, java.util.function.Supplier<T> work, java.util.function.Predicate<T> failed) {
        List<ObjectStore> stores = new ArrayList<>();
        for (String name : org.sobjectNames()) {
            stores.add(org.store(name));
        }
        for (ObjectStore s : stores) {
            s.lock.writeLock().lock();
        }
        try {
            Map<ObjectStore, Object[][]> start = snapshot(stores);
            T outcome;
            try {
                outcome = work.get();
            } catch (RuntimeException e) {
                restore(stores, start);
                throw e;
            }
            if (failed.test(outcome)) {
                restore(stores, start);
            }
            return outcome;
        } finally {
            for (int i = stores.size() - 1; i >= 0; i--) {
                stores.get(i).lock.writeLock().unlock();
            }
        }
    }

    private static void restore(List<ObjectStore> stores, Map<ObjectStore, Object[][]> start) {
        for (ObjectStore s : stores) {
            Object[][] old = start.get(s);
            s.truncate(old.length);
            for (int i = 0; i < old.length; i++) {
                if (s.row(i) != old[i]) {
                    s.restore(i, old[i]);
                }
            }
        }
    }

    /** Row references at the start; rows are copy-on-write, so a changed position holds a different array. */
    private static Map<ObjectStore, Object[][]> snapshot(List<ObjectStore> stores) {
        Map<ObjectStore, Object[][]> m = new LinkedHashMap<>();
        for (ObjectStore s : stores) {
            Object[][] rows = new Object[s.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = s.row(i);
            }
            m.put(s, rows);
        }
        return m;
    }

    private static Result attempt(Op op) {
        try {
            return op.apply();
        } catch (FailedWithId e) {
            return new Result(e.id, false, null, e.error);
        } catch (SalesforceApiException e) {
            return new Result(null, false, null, e);
        }
    }

    // ------------------------------------------------------------------ JSON

    private record Body(boolean allOrNone, List<Map<String, Object>> records) {
    }

    @SuppressWarnings("unchecked")
    private static Body body(HttpExchange ex) throws IOException {
        byte[] raw = Http.body(ex);
        Object parsed;
        try {
            parsed = raw.length == 0 ? null : Http.MAPPER.readValue(raw, Object.class);
        } catch (JsonProcessingException e) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("records") instanceof List<?> records)) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR",
                    "The request body must be a JSON object with a records array");
        }
        checkCount(records.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : records) {
            if (!(r instanceof Map)) {
                throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Each record must be a JSON object");
            }
            out.add((Map<String, Object>) r);
        }
        Object aon = m.get("allOrNone");
        return new Body(aon instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(aon)), out);
    }

    private static void checkCount(int n) {
        if (n > MAX_RECORDS) {
            throw new SalesforceApiException(400, "EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than " + MAX_RECORDS + " records into this call");
        }
    }

    private static void sendResults(HttpExchange ex, List<Result> results, boolean upsert) throws IOException {
        Http.sendJson(ex, 200, g -> {
            g.writeStartArray();
            for (Result r : results) {
                writeResult(g, r, upsert);
            }
            g.writeEndArray();
        });
    }

    private static void writeResult(JsonGenerator g, Result r, boolean upsert) throws IOException {
        g.writeStartObject();
        if (r.id() != null) {
            g.writeStringField("id", r.id());
        }
        g.writeBooleanField("success", r.success());
        g.writeArrayFieldStart("errors");
        if (r.error() != null) {
            g.writeStartObject();
            g.writeStringField("statusCode", r.error().errorCode());
            g.writeStringField("message", r.error().getMessage());
            g.writeArrayFieldStart("fields");
            for (String f : r.error().fields()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (upsert && r.success()) {
            g.writeBooleanField("created", Boolean.TRUE.equals(r.created()));
        }
        g.writeEndObject();
    }
}
