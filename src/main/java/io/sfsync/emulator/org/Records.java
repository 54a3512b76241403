package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorClock;
import io.sfsync.emulator.SalesforceApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

/**
 * The org's records and their write path, shared by REST, sObject collections, composite, Bulk and the in-process
 * API: field-name and access checks, type conversion, value rules (length, email, restricted picklists, references),
 * the {@link OrgRules} hooks, audit fields, unique fields and record locks. Deleted records go to the recycle bin.
 */
public final class Records {

    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+'&/=!#$*?^`{|}~-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

    private final Schema schema;
    private final Map<String, ObjectStore> stores;
    private final EmulatorClock clock;
    private final OrgRules rules;
    private final RecordLocks recordLocks;
    private final String userId;

    /** {@code stores} holds one store per object of {@code schema}; {@code userId} owns and stamps every write. */
    public Records(Schema schema, Map<String, ObjectStore> stores, EmulatorClock clock, OrgRules rules,
                   RecordLocks recordLocks, String userId) {
        this.schema = schema;
        this.stores = stores;
        this.clock = clock;
        this.rules = rules;
        this.recordLocks = recordLocks;
        this.userId = userId;
    }

    /** Creates a record with the same validation as REST create; returns the full stored record. */
    public Map<String, Object> create(String sobject, Map<String, Object> fields) {
        ObjectStore store = store(sobject);
        if (!store.def.createable) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be inserted: " + store.def.name);
        }
        String id = insert(store, fields, false);
        rules.afterInsert(store, id);
        return get(store.def.name, id).orElseThrow();
    }

    /** Updates fields (REST PATCH semantics); bumps LastModifiedDate and SystemModstamp. */
    public void update(String sobject, String id, Map<String, Object> fields) {
        ObjectStore store = store(sobject);
        recordLocks.checkWrite(id);
        Map<String, Object> values = convert(store.def, fields, false);
        rules.prepareUpdate(store, id, values);
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = existing(store, id, true);
            Object[] row = store.row(pos).clone();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                row[store.def.field(e.getKey()).index] = e.getValue();
            }
            validateRow(store.def, row, values.keySet());
            rules.beforeUpdate(store, store.row(pos), row, values.keySet());
            stampModified(store, row, clock.nowMillis());
            UniqueFields.check(store, row, pos);
            store.replace(pos, row);
        } finally {
            w.unlock();
        }
        rules.afterUpdate(store, id);
    }

    /** A system-only change (e.g. a background recalculation): bumps SystemModstamp, not LastModifiedDate. */
    public void touchSystemOnly(String sobject, String id) {
        ObjectStore store = store(sobject);
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = existing(store, id, true);
            Object[] row = store.row(pos).clone();
            setIf(row, store.systemModstampIdx, clock.nowMillis());
            store.replace(pos, row);
        } finally {
            w.unlock();
        }
    }

    /**
     * Restores a record from the recycle bin, as Salesforce's undelete does (Apex, SOAP API or the UI: the REST API
     * has none): IsDeleted false, LastModifiedDate and SystemModstamp set to now, so getUpdated and SystemModstamp
     * queries see it again and getDeleted no longer lists it. A record not in the recycle bin (live, or deleted more
     * than 15 days ago and purged) fails with UNDELETE_FAILED; a unique value taken meanwhile with DUPLICATE_VALUE.
     */
    public void undelete(String sobject, String id) {
        ObjectStore store = recycleBinStore(sobject, "undeleted");
        recordLocks.checkWrite(id);
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = existing(store, id, false);
            Object[] row = store.row(pos);
            long now = clock.nowMillis();
            if (!store.isDeleted(row) || Replication.isPurged(store, row, Replication.purgeBefore(now))) {
                throw new SalesforceApiException(400, "UNDELETE_FAILED", "Entity is not in the recycle bin: " + id);
            }
            Object[] revived = row.clone();
            revived[store.isDeletedIdx] = Boolean.FALSE;
            UniqueFields.check(store, revived, pos);
            stampModified(store, revived, now);
            store.markUndeleted(pos, revived);
        } finally {
            w.unlock();
        }
        rules.afterDelete(store, id); // recounts campaign members as after a delete
    }

    /** Moves the record to the recycle bin: IsDeleted = true; hidden from query, visible to queryAll. */
    public void delete(String sobject, String id) {
        ObjectStore store = recycleBinStore(sobject, "deleted");
        rules.access().checkObjectDelete(store.def);
        recordLocks.checkWrite(id);
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = existing(store, id, true);
            if (store.ownerIdx >= 0) { // a detail record has no owner: its master's sharing decides
                rules.access().checkRecordDelete(store.def, (String) store.row(pos)[store.ownerIdx]);
            }
            rules.beforeDelete(store, store.row(pos));
            Object[] row = store.row(pos).clone();
            stampModified(store, row, clock.nowMillis());
            store.markDeleted(pos, row);
        } finally {
            w.unlock();
        }
        rules.afterDelete(store, id);
    }

    /** The record (including deleted ones, with IsDeleted = true), or empty. */
    public Optional<Map<String, Object>> get(String sobject, String id) {
        ObjectStore store = store(sobject);
        Object[] row;
        Lock r = store.lock.readLock();
        r.lock();
        try {
            int pos = store.indexOf(id);
            if (pos < 0) {
                return Optional.empty();
            }
            row = store.row(pos);
        } finally {
            r.unlock();
        }
        return Optional.of(toMap(store.def, row));
    }

    /** Number of non-deleted records. */
    public int count(String sobject) {
        ObjectStore store = store(sobject);
        Lock r = store.lock.readLock();
        r.lock();
        try {
            return store.liveCount();
        } finally {
            r.unlock();
        }
    }

    /** All non-deleted records ordered by Id. */
    public List<Map<String, Object>> all(String sobject) {
        ObjectStore store = store(sobject);
        List<Object[]> rows = store.liveRows(row -> true);
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            out.add(toMap(store.def, row));
        }
        return out;
    }

    public ObjectStore store(String sobject) {
        SObjectDef def = sobject == null ? null : schema.object(sobject);
        if (def == null) {
            throw SalesforceApiException.notFound();
        }
        return stores.get(def.name);
    }

    public ObjectStore storeOrNull(String sobject) {
        SObjectDef def = schema.object(sobject);
        return def == null ? null : stores.get(def.name);
    }

    /** Stored row of a record, or null. Includes deleted records. */
    public Object[] row(ObjectStore store, String id) {
        Lock r = store.lock.readLock();
        r.lock();
        try {
            int pos = store.indexOf(id);
            return pos < 0 ? null : store.row(pos);
        } finally {
            r.unlock();
        }
    }

    /** Inserts a validated record and returns its id. */
    public String insert(ObjectStore store, Map<String, Object> fields, boolean internal) {
        Map<String, Object> values = internal ? convertInternal(store.def, fields) : convert(store.def, fields, true);
        Object[] row = store.newRow();
        for (FieldDef f : store.def.fields) {
            if (f.defaultValue != null && !f.system && !f.isCalculated()) {
                row[f.index] = defaultValueFor(f);
            }
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            row[store.def.field(e.getKey()).index] = e.getValue();
        }
        if (store.ownerIdx >= 0 && row[store.ownerIdx] == null) {
            row[store.ownerIdx] = userId;
        }
        List<String> missing = new ArrayList<>();
        for (FieldDef f : store.def.fields) {
            if (f.isRequiredOnCreate() && row[f.index] == null) {
                missing.add(f.name);
            }
        }
        if (!missing.isEmpty()) {
            throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        validateRow(store.def, row, values.keySet());
        rules.beforeInsert(store, row, values.keySet());
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            String id = store.nextId();
            row[store.idIdx] = id;
            UniqueFields.check(store, row, -1);
            stampNew(store, row, clock.nowMillis());
            store.append(row);
            return id;
        } finally {
            w.unlock();
        }
    }

    public void stampNew(ObjectStore store, Object[] row, long now) {
        Long ts = now;
        // Checkboxes are never null in Salesforce, system ones (IsConverted) included.
        for (FieldDef f : store.def.fields) {
            if (f.type == FieldType.BOOLEAN && row[f.index] == null && !f.isCalculated()) {
                row[f.index] = Boolean.FALSE;
            }
        }
        setIf(row, store.isDeletedIdx, Boolean.FALSE);
        setIfNull(row, store.createdDateIdx, ts);
        setIfNull(row, store.lastModifiedDateIdx, ts);
        setIf(row, store.systemModstampIdx, ts);
        setIf(row, store.createdByIdx, userId);
        setIf(row, store.lastModifiedByIdx, userId);
        if (store.ownerIdx >= 0 && row[store.ownerIdx] == null) {
            row[store.ownerIdx] = userId;
        }
    }

    private static Object defaultValueFor(FieldDef f) {
        return Values.toStored(f, f.defaultValue);
    }

    private static void setIf(Object[] row, int idx, Object v) {
        if (idx >= 0) {
            row[idx] = v;
        }
    }

    private static void setIfNull(Object[] row, int idx, Object v) {
        if (idx >= 0 && row[idx] == null) {
            row[idx] = v;
        }
    }

    /** The store of an object whose records can go to the recycle bin and back; the sync user must write it. */
    private ObjectStore recycleBinStore(String sobject, String verb) {
        ObjectStore store = store(sobject);
        if (!store.def.deletable || store.isDeletedIdx < 0) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be " + verb + ": "
                    + store.def.name);
        }
        rules.access().checkObjectWrite(store.def);
        return store;
    }

    /** A user's change: LastModifiedDate, LastModifiedById and SystemModstamp. */
    private void stampModified(ObjectStore store, Object[] row, long now) {
        setIf(row, store.lastModifiedDateIdx, now);
        setIf(row, store.lastModifiedByIdx, userId);
        setIf(row, store.systemModstampIdx, now);
    }

    /** Position of a live record; throws NOT_FOUND / ENTITY_IS_DELETED / MALFORMED_ID. Caller holds a lock. */
    private int existing(ObjectStore store, String id, boolean rejectDeleted) {
        if (!SfIds.isValid(id)) {
            throw new SalesforceApiException(400, "MALFORMED_ID", store.def.label + " ID: id value of incorrect type: " + id,
                    List.of("Id"));
        }
        int pos = store.indexOf(id);
        if (pos < 0) {
            throw SalesforceApiException.notFound();
        }
        if (rejectDeleted && store.isDeleted(store.row(pos))) {
            throw new SalesforceApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
        }
        return pos;
    }

    /** Field-name check, writability check and type conversion of an incoming field map. */
    private Map<String, Object> convert(SObjectDef def, Map<String, Object> fields, boolean create) {
        rules.access().checkWrite(def, fields.keySet(), create);
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> notWritable = new ArrayList<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String name = e.getKey();
            if (name.equals("attributes")) {
                continue;
            }
            FieldDef f = def.field(name);
            if (f == null) {
                throw new SalesforceApiException(400, "INVALID_FIELD",
                        "No such column '" + name + "' on sobject of type " + def.name);
            }
            if (create ? !f.createable : !f.updateable) {
                notWritable.add(f.name);
                continue;
            }
            out.put(f.name, e.getValue());
        }
        if (!notWritable.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", notWritable) + ". Please check the security settings of this field and verify"
                    + " that it is read/write for your profile or permission set.", notWritable);
        }
        for (Map.Entry<String, Object> e : out.entrySet()) {
            e.setValue(Values.toStored(def.field(e.getKey()), e.getValue()));
        }
        if (!create) {
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Object> e : out.entrySet()) {
                FieldDef f = def.field(e.getKey());
                if (e.getValue() == null && !f.nillable) {
                    missing.add(f.name);
                }
            }
            if (!missing.isEmpty()) {
                throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
            }
        }
        return out;
    }

    private Map<String, Object> convertInternal(SObjectDef def, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            FieldDef f = def.requiredField(e.getKey());
            out.put(f.name, Values.toStored(f, e.getValue()));
        }
        return out;
    }

    /** Value rules of the written fields: length, email format, restricted picklists, reference ids. */
    private void validateRow(SObjectDef def, Object[] row, Set<String> written) {
        for (String name : written) {
            FieldDef f = def.field(name);
            Object v = row[f.index];
            if (v == null) {
                continue;
            }
            if (v instanceof String s && f.length > 0 && s.length() > f.length && !f.type.isId()) {
                throw new SalesforceApiException(400, "STRING_TOO_LONG", f.label + ": data value too large: " + s
                        + " (max length=" + f.length + ")", List.of(f.name));
            }
            if (f.type == FieldType.EMAIL && !EMAIL.matcher((String) v).matches()) {
                throw new SalesforceApiException(400, "INVALID_EMAIL_ADDRESS", f.label + ": invalid email address: " + v,
                        List.of(f.name));
            }
            if (f.type == FieldType.PICKLIST && f.restrictedPicklist && !f.picklist.contains(v)) {
                throw new SalesforceApiException(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", f.label
                        + ": bad value for restricted picklist field: " + v, List.of(f.name));
            }
            if (f.type == FieldType.REFERENCE) {
                String ref = (String) v;
                if (!SfIds.isValid(ref)) {
                    throw new SalesforceApiException(400, "MALFORMED_ID", f.label + ": id value of incorrect type: " + ref,
                            List.of(f.name));
                }
                if (!referenceTypeMatches(f, ref)) {
                    throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION", f.label
                            + ": id value of incorrect type: " + ref, List.of(f.name));
                }
                if (!referenceExists(ref)) {
                    throw new SalesforceApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id",
                            List.of(f.name));
                }
                row[f.index] = SfIds.to18(ref);
            }
        }
    }

    private boolean referenceTypeMatches(FieldDef f, String ref) {
        SObjectDef target = schema.objectByKeyPrefix(ref.substring(0, 3));
        if (target == null) {
            // e.g. a Group (00G) owner: not emulated, accepted when the field can point to groups
            return f.referenceTo.contains("Group") && ref.startsWith("00G");
        }
        return f.referenceTo.contains(target.name);
    }

    private boolean referenceExists(String ref) {
        SObjectDef target = schema.objectByKeyPrefix(ref.substring(0, 3));
        if (target == null) {
            return true;
        }
        ObjectStore store = stores.get(target.name);
        Object[] row = row(store, ref);
        return row != null && !store.isDeleted(row);
    }

    Map<String, Object> toMap(SObjectDef def, Object[] row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (FieldDef f : def.fields) {
            m.put(f.name, Values.toPublic(f, ValueAccessor.of(f).get(row)));
        }
        return m;
    }
}
