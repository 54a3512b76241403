package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * Upsert by external id: no live match creates the record (with the external id value set), one match updates it,
 * several matches change nothing and report the candidates (HTTP 300 for the single-record resource,
 * DUPLICATE_EXTERNAL_ID in sObject collections). The field must be {@code externalId: true} (or Id).
 */
public final class Upserts {

    private Upserts() {
    }

    /** created = a record was inserted; matches = ids of all matching records when more than one matched. */
    public record Result(String id, boolean created, List<String> matches) {
        public boolean ambiguous() {
            return matches.size() > 1;
        }
    }

    public static FieldDef externalIdField(SObjectDef def, String fieldName) {
        FieldDef f = def.field(fieldName);
        if (f == null || !(f.externalId || f.type == FieldType.ID)) {
            throw new SalesforceApiException(404, "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + fieldName);
        }
        return f;
    }

    /**
     * Ids of the live records whose external id field (or Id) equals {@code value}, case-insensitively, for
     * GET / DELETE {@code /sobjects/<Type>/<field>/<value>}; 404 NOT_FOUND when the field is not an external id.
     */
    public static List<String> find(EmulatorOrg org, String sobject, String fieldName, String value) {
        ObjectStore store = org.store(sobject);
        FieldDef f = externalIdField(store.def, fieldName);
        Lock r = store.lock.readLock();
        r.lock();
        try {
            return ids(store, matches(store, f, value));
        } finally {
            r.unlock();
        }
    }

    private static List<Integer> matches(ObjectStore store, FieldDef f, String value) {
        if (f.type == FieldType.ID) {
            int pos = SfIds.isValid(value) ? store.indexOf(value) : -1;
            return pos >= 0 && !store.isDeleted(store.row(pos)) ? List.of(pos) : List.of();
        }
        return UniqueFields.find(store, f, value);
    }

    private static List<String> ids(ObjectStore store, List<Integer> positions) {
        List<String> ids = new ArrayList<>();
        for (int pos : positions) {
            ids.add((String) store.row(pos)[store.idIdx]);
        }
        return ids;
    }

    /** Upsert that throws 300 MULTIPLE_CHOICES when several records match. */
    public static Result upsert(EmulatorOrg org, String sobject, String fieldName, String value, Map<String, Object> fields) {
        Result r = tryUpsert(org, sobject, fieldName, value, fields);
        if (r.ambiguous()) {
            throw new SalesforceApiException(300, "MULTIPLE_CHOICES", "Multiple records match "
                    + fieldName + " = " + value + ": " + String.join(", ", r.matches()));
        }
        return r;
    }

    /** Upsert that reports ambiguity in the result instead of throwing. */
    public static Result tryUpsert(EmulatorOrg org, String sobject, String fieldName, String value,
                            Map<String, Object> fields) {
        ObjectStore store = org.store(sobject);
        FieldDef f = externalIdField(store.def, fieldName);
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.remove("attributes");
        Object inBody = null;
        for (String k : List.copyOf(body.keySet())) {
            if (k.equalsIgnoreCase(f.name)) {
                inBody = body.remove(k);
            }
        }
        if (inBody != null && !inBody.toString().equalsIgnoreCase(value)) {
            throw new SalesforceApiException(400, "INVALID_FIELD", "The external ID field " + f.name
                    + " in the body does not match the value in the URL: " + inBody, List.of(f.name));
        }
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            List<Integer> found = matches(store, f, value);
            if (f.type == FieldType.ID && found.isEmpty()) {
                throw SalesforceApiException.notFound();
            }
            if (found.size() > 1) {
                return new Result(null, false, ids(store, found));
            }
            if (found.size() == 1) {
                String id = (String) store.row(found.get(0))[store.idIdx];
                if (!store.def.updateable) {
                    throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be updated: "
                            + store.def.name);
                }
                org.update(store.def.name, id, body);
                return new Result(id, false, List.of(id));
            }
            body.put(f.name, value);
            String id = (String) org.create(store.def.name, body).get("Id");
            return new Result(id, true, List.of());
        } finally {
            w.unlock();
        }
    }
}
