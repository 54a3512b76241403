package io.sfsync.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.regex.Pattern;

/**
 * The emulated org: schema, records, clock, sessions, query cursors, injected faults and the API usage counter.
 * Everything here is thread-safe; the HTTP layer and tests call it concurrently.
 *
 * <p>Public maps use canonical field API names in schema order; datetimes are {@link java.time.Instant},
 * dates {@link java.time.LocalDate}, currency/double {@link Double}, int {@link Integer}.</p>
 */
public final class EmulatorOrg {

    static final Duration CURSOR_TTL = Duration.ofMinutes(15);
    static final int DEFAULT_BATCH_SIZE = 2000;
    static final int MIN_BATCH_SIZE = 200;
    static final int MAX_OPEN_CURSORS = 10;
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+'&/=!#$*?^`{|}~-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

    private final EmulatorConfig config;
    private final Schema schema;
    private final EmulatorClock clock = new EmulatorClock();
    private final Map<String, ObjectStore> stores = new LinkedHashMap<>();
    private final String orgId;
    private final String userId;
    private final Sessions sessions;
    private final Map<String, QueryCursor> cursors = new ConcurrentHashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final ApiBudget budget;
    private final EndpointStats endpointStats = new EndpointStats();
    private final ConnectionFaults connectionFaults = new ConnectionFaults();
    private final RecordLocks recordLocks = new RecordLocks();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong cursorCounter = new AtomicLong(SfIds.COUNTER_BASE);
    private final DemoData demoData;
    private final OrgRules rules = new OrgRules(this);
    private final java.util.Deque<String> requestLog = new java.util.ArrayDeque<>();
    private static final int REQUEST_LOG_SIZE = 1000;

    private static final long ORG_COUNTER = SfIds.COUNTER_BASE + 4711;

    EmulatorOrg(EmulatorConfig config, Schema schema) {
        this.config = config;
        this.schema = schema;
        this.sessions = new Sessions(clock, config.sessionTimeout());
        this.budget = new ApiBudget(clock, config.dailyApiLimit());
        for (SObjectDef def : schema.objects()) {
            // the one Organization record keeps the org id the emulator has always reported (databases record it)
            stores.put(def.name, new ObjectStore(def, def.name.equals("Organization") ? ORG_COUNTER : SfIds.COUNTER_BASE));
        }
        ObjectStore organizations = stores.get("Organization");
        this.orgId = SfIds.make("00D", ORG_COUNTER);
        ObjectStore users = stores.get("User");
        if (users == null) {
            throw new IllegalStateException("schema needs a User object");
        }
        this.userId = users.nextId();
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("Username", config.username());
        u.put("FirstName", "Integration");
        u.put("LastName", "Sync");
        u.put("Alias", "sync");
        u.put("Email", config.username().contains("@") ? config.username() : config.username() + "@sfsync.local");
        u.put("TimeZoneSidKey", "GMT");
        insert(users, u, true);
        if (organizations != null) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("Name", "sfsync Emulator");
            o.put("Country", "US");
            o.put("PrimaryContact", "Integration Sync");
            o.put("DefaultLocaleSidKey", "en_US");
            o.put("LanguageLocaleKey", "en_US");
            o.put("TimeZoneSidKey", "GMT");
            o.put("InstanceName", "EMU1");
            o.put("IsSandbox", false);
            o.put("OrganizationType", "Developer Edition");
            insert(organizations, o, true); // read-only: the API cannot create, update or delete it
        }
        this.demoData = new DemoData(this);
    }

    /** An org without HTTP server, seeded as configured (tests of the in-process API). */
    public static EmulatorOrg inMemory(EmulatorConfig config) {
        EmulatorOrg org = new EmulatorOrg(config, SchemaFile.load(config.schemaFile()));
        org.seedDefaults();
        return org;
    }

    void seedDefaults() {
        if (config.seedLeads() > 0) {
            seed("Lead", config.seedLeads());
        }
        if (config.seedContacts() > 0) {
            seed("Contact", config.seedContacts());
        }
    }

    // ------------------------------------------------------------------ public in-process API

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
        rules.checkObjectDelete(store.def);
        recordLocks.checkWrite(id);
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = existing(store, id, true);
            if (store.ownerIdx >= 0) { // a detail record has no owner: its master's sharing decides
                rules.checkRecordDelete(store.def, (String) store.row(pos)[store.ownerIdx]);
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
        List<Object[]> rows = new ArrayList<>();
        Lock r = store.lock.readLock();
        r.lock();
        try {
            for (int i = 0; i < store.size(); i++) {
                Object[] row = store.row(i);
                if (!store.isDeleted(row)) {
                    rows.add(row);
                }
            }
        } finally {
            r.unlock();
        }
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            out.add(toMap(store.def, row));
        }
        return out;
    }

    /** Runs SOQL in-process and returns all result rows (selected fields only, no paging, no API usage). */
    public List<Map<String, Object>> query(String soql) {
        QueryPage page = query(soql, false, Integer.MAX_VALUE);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] row : page.rows()) {
            out.add(QueryRows.toMap(page.columns(), row));
        }
        return out;
    }

    /**
     * Merges the duplicate into the master like Salesforce's merge: the duplicate goes to the recycle bin
     * (IsDeleted = true, visible to queryAll) with MasterRecordId = master; both get a new SystemModstamp.
     */
    public void merge(String sobject, String masterId, String duplicateId) {
        Replication.merge(this, sobject, masterId, duplicateId);
    }

    /**
     * Upsert by external id (REST PATCH /sobjects/T/field/value semantics): updates the one live record whose
     * {@code externalIdField} equals {@code value}, or creates one; returns true when created.
     */
    public boolean upsert(String sobject, String externalIdField, String value, Map<String, Object> fields) {
        return Upserts.upsert(this, sobject, externalIdField, value, fields).created();
    }

    /** Adds {@code n} deterministic demo records (same data every run for the same sequence of calls). */
    public void seed(String sobject, int n) {
        demoData.seed(store(sobject), n);
    }

    public EmulatorClock clock() {
        return clock;
    }

    /**
     * The next {@code times} requests whose path contains {@code pathContains} fail with {@code httpStatus} and a
     * Salesforce-shaped error body ({@code [{"message","errorCode"}]}, or the OAuth shape on /services/oauth2).
     */
    public void failNext(int times, String pathContains, int httpStatus, String errorCode, String message) {
        synchronized (faults) {
            faults.add(new Fault(times, pathContains == null ? "" : pathContains, httpStatus, errorCode, message));
        }
    }

    /** API requests counted so far (REST calls under /services/data; not OAuth, not admin). */
    public long apiCallsUsed() {
        return budget.used();
    }

    /** The daily API request limit in force (configured, or set through the admin API). */
    public long dailyApiLimit() {
        return budget.limit();
    }

    /**
     * Sets the daily API budget: {@code daily} = limit (null keeps it), {@code used} = requests used today (null
     * keeps it). The count resets when the emulator clock enters a new UTC day.
     */
    public void setApiBudget(Long daily, Long used) {
        budget.set(daily, used);
    }

    /** API calls per endpoint since start, e.g. {@code query=3, queryMore=5, sobjects/Lead=2, jobs/query=4}. */
    public Map<String, Long> apiCallsByEndpoint() {
        return endpointStats.snapshot();
    }

    /** Subrequests of composite and batch requests per endpoint (each request is one call of {@link #apiCallsByEndpoint}). */
    public Map<String, Long> subrequestsByEndpoint() {
        return endpointStats.subrequests();
    }

    /** The next {@code times} requests whose path contains {@code pathContains} wait and/or lose their connection. */
    public void delayOrDropNext(int times, String pathContains, long latencyMillis, boolean drop) {
        connectionFaults.add(times, pathContains, latencyMillis, drop);
    }

    /**
     * The next {@code times} requests whose path contains {@code pathContains} are handled in full (a write is
     * committed), then their connection is closed while the answer is sent: the status line, headers and a part of
     * the body arrive, the rest never does (Salesforce did the work, the client never learns it).
     */
    public void dropAnswerAfterHandling(int times, String pathContains) {
        connectionFaults.addDropAfterHandling(times, pathContains);
    }

    /**
     * Row lock contention on one record: its next {@code failedAttempts} writes (update, upsert onto it, delete,
     * undelete; REST, collections and Bulk API alike) fail with 400 {@code UNABLE_TO_LOCK_ROW} "unable to obtain
     * exclusive access to this record or 1 records: {id}", each failed attempt using one; then writes succeed again.
     * Locking an already locked record replaces its count.
     */
    public void lockRecord(String sobject, String id, int failedAttempts) {
        ObjectStore store = store(sobject);
        if (!SfIds.isValid(id) || row(store, id) == null) {
            throw new IllegalArgumentException("no " + store.def.name + " record with id " + id + " to lock");
        }
        recordLocks.lock(store.def.name, SfIds.to18(id), failedAttempts);
    }

    /** Write attempts that will still fail with UNABLE_TO_LOCK_ROW, by 18-character id of each locked record. */
    public Map<String, Integer> recordLocks() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (RecordLocks.Lock l : recordLocks.all()) {
            out.put(l.id(), l.remaining());
        }
        return out;
    }

    /** Releases every record lock. */
    public void unlockAllRecords() {
        recordLocks.clear();
    }

    /** Access tokens that have not expired. */
    public int activeSessions() {
        return sessions.active();
    }

    /** Invalidates every access token (the next REST call gets 401 INVALID_SESSION_ID). */
    public void expireSessions() {
        sessions.clear();
    }

    /** The most recent HTTP requests (up to 1000) as "METHOD /path", oldest first; admin calls excluded. */
    public List<String> recentRequests() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    void logRequest(String method, String path) {
        synchronized (requestLog) {
            if (requestLog.size() == REQUEST_LOG_SIZE) {
                requestLog.removeFirst();
            }
            requestLog.addLast(method + " " + path);
        }
    }

    public String orgId() {
        return orgId;
    }

    /** Id of the integration user (CreatedById / OwnerId default). */
    public String userId() {
        return userId;
    }

    /** Names of all sObject types in the schema. */
    public List<String> sobjectNames() {
        List<String> names = new ArrayList<>();
        for (SObjectDef d : schema.objects()) {
            names.add(d.name);
        }
        return names;
    }

    /**
     * Converts a lead as Salesforce's convertLead does: creates (or reuses) the Account, creates the Contact and,
     * unless disabled, an Opportunity with a primary contact role; marks the lead converted. See {@link OrgRules}.
     */
    public ConvertOptions.Result convertLead(String leadId, ConvertOptions options) {
        return rules.convertLead(leadId, options);
    }

    /** Field-level security of the integration user for one field (default READ_WRITE = as the schema says). */
    public void setFieldAccess(String sobject, String field, Access access) {
        rules.setFieldAccess(sobject, field, access);
    }

    /** Object permissions of the integration user (default READ_WRITE). */
    public void setObjectAccess(String sobject, Access access) {
        rules.setObjectAccess(sobject, access);
    }

    /** Adds a validation rule: writes whose resulting {@code field} value violates {@code mustHold} fail. */
    public ValidationRule addValidationRule(String sobject, String field, String errorMessage, FieldCondition mustHold) {
        return rules.addValidationRule(sobject, field, errorMessage, mustHold);
    }

    public List<ValidationRule> validationRules() {
        return rules.validationRules();
    }

    public void clearValidationRules() {
        rules.clearValidationRules();
    }

    OrgRules rules() {
        return rules;
    }

    // ------------------------------------------------------------------ package API (HTTP layer)

    EmulatorConfig config() {
        return config;
    }

    Schema schema() {
        return schema;
    }

    long countApiCall() {
        return budget.count();
    }

    EndpointStats endpointStats() {
        return endpointStats;
    }

    ConnectionFaults connectionFaults() {
        return connectionFaults;
    }

    List<RecordLocks.Lock> recordLockList() {
        return recordLocks.all();
    }

    String newSession() {
        byte[] b = new byte[48];
        random.nextBytes(b);
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.add(token);
        return token;
    }

    boolean isValidSession(String token) {
        return token != null && sessions.contains(token);
    }

    void revokeSession(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Consumes one matching fault, if any. */
    Fault takeFault(String path) {
        synchronized (faults) {
            Iterator<Fault> it = faults.iterator();
            while (it.hasNext()) {
                Fault f = it.next();
                if (path.contains(f.pathContains)) {
                    f.remaining--;
                    if (f.remaining <= 0) {
                        it.remove();
                    }
                    return f;
                }
            }
        }
        return null;
    }

    ObjectStore store(String sobject) {
        SObjectDef def = sobject == null ? null : schema.object(sobject);
        if (def == null) {
            throw SalesforceApiException.notFound();
        }
        return stores.get(def.name);
    }

    ObjectStore storeOrNull(String sobject) {
        SObjectDef def = schema.object(sobject);
        return def == null ? null : stores.get(def.name);
    }

    /** Stored row of a record, or null. Includes deleted records. */
    Object[] row(ObjectStore store, String id) {
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
    String insert(ObjectStore store, Map<String, Object> fields, boolean internal) {
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

    void stampNew(ObjectStore store, Object[] row, long now) {
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

    /** Position of a live record; throws NOT_FOUND / ENTITY_IS_DELETED / MALFORMED_ID. Caller holds a lock. */
    /** The store of an object whose records can go to the recycle bin and back; the sync user must write it. */
    private ObjectStore recycleBinStore(String sobject, String verb) {
        ObjectStore store = store(sobject);
        if (!store.def.deletable || store.isDeletedIdx < 0) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be " + verb + ": "
                    + store.def.name);
        }
        rules.checkObjectWrite(store.def);
        return store;
    }

    /** A user's change: LastModifiedDate, LastModifiedById and SystemModstamp. */
    private void stampModified(ObjectStore store, Object[] row, long now) {
        setIf(row, store.lastModifiedDateIdx, now);
        setIf(row, store.lastModifiedByIdx, userId);
        setIf(row, store.systemModstampIdx, now);
    }

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
        rules.checkWrite(def, fields.keySet(), create);
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

    // ------------------------------------------------------------------ queries and cursors

    record QueryPage(SObjectDef object, int totalSize, boolean done, String nextLocator, List<FieldDef> select,
                     List<Object[]> rows, boolean count, List<SelectColumn> columns) {
    }

    static final class QueryCursor {
        final String id;
        final ObjectStore store;
        final List<FieldDef> select;
        final List<SelectColumn> columns;
        final int[] positions;
        final int batchSize;
        volatile long lastUsedMillis;

        QueryCursor(String id, ObjectStore store, List<FieldDef> select, List<SelectColumn> columns, int[] positions,
                    int batchSize, long now) {
            this.id = id;
            this.store = store;
            this.select = select;
            this.columns = columns;
            this.positions = positions;
            this.batchSize = batchSize;
            this.lastUsedMillis = now;
        }
    }

    static final class Fault {
        int remaining;
        final String pathContains;
        final int status;
        final String errorCode;
        final String message;

        Fault(int remaining, String pathContains, int status, String errorCode, String message) {
            this.remaining = remaining;
            this.pathContains = pathContains;
            this.status = status;
            this.errorCode = errorCode;
            this.message = message;
        }
    }

    /** Checks and compiles a query without running it (the {@code columns=true} answer describes its columns). */
    CompiledQuery compileQuery(String soql) {
        rules.checkQuery(soql);
        return SoqlCompiler.compile(soql, schema, clock.nowMillis(), querySource);
    }

    /** Runs a query; {@code includeDeleted} = queryAll. Snapshots the matching record positions into a cursor. */
    QueryPage query(String soql, boolean includeDeleted, int batchSize) {
        long now = clock.nowMillis();
        expireCursors(now);
        rules.checkQuery(soql);
        CompiledQuery q = SoqlCompiler.compile(soql, schema, now, querySource);
        ObjectStore store = stores.get(q.object().name);
        int[] positions;
        List<Object[]> matchedRows = new ArrayList<>();
        int[] matched;
        Lock r = store.lock.readLock();
        r.lock();
        try {
            matched = QueryScan.matching(store, q, includeDeleted, now, matchedRows);
            if (q.aggregation() != null) {
                matchedRows = store.rows(matched, 0, matched.length);
            }
        } finally {
            r.unlock();
        }
        if (q.aggregation() != null) {
            // aggregate results are never paged: one page, done
            List<Object[]> rows = q.aggregation().run(matchedRows);
            SObjectDef type = q.aggregation().resultType();
            return new QueryPage(type, rows.size(), true, null, type.fields, rows, false, q.columns());
        }
        if (q.order() != null && matched.length > 1) {
            Integer[] order = new Integer[matched.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            List<Object[]> rowsRef = matchedRows;
            java.util.Arrays.sort(order, (a, b) -> q.order().compare(rowsRef.get(a), rowsRef.get(b)));
            int[] sorted = new int[matched.length];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = matched[order[i]];
            }
            matched = sorted;
        }
        int from = Math.min(q.offset(), matched.length);
        int to = q.limit() < 0 ? matched.length : (int) Math.min(matched.length, (long) from + q.limit());
        positions = (from == 0 && to == matched.length) ? matched : java.util.Arrays.copyOfRange(matched, from, to);
        if (q.count()) {
            return new QueryPage(q.object(), positions.length, true, null, List.of(), List.of(), true, List.of());
        }
        String cursorId = null;
        if (positions.length > batchSize) {
            cursorId = SfIds.make("01g", cursorCounter.incrementAndGet());
            cursors.put(cursorId, new QueryCursor(cursorId, store, q.select(), q.columns(), positions, batchSize, now));
            closeOldestCursorsBeyondLimit();
        }
        return page(store, q.select(), q.columns(), positions, 0, batchSize, cursorId);
    }

    /** Next page of a cursor; locator = "cursorId-offset". */
    QueryPage queryMore(String locator) {
        long now = clock.nowMillis();
        expireCursors(now);
        int dash = locator.lastIndexOf('-');
        QueryCursor c = dash > 0 ? cursors.get(locator.substring(0, dash)) : null;
        int offset = -1;
        if (c != null) {
            try {
                offset = Integer.parseInt(locator.substring(dash + 1));
            } catch (NumberFormatException e) {
                offset = -1;
            }
        }
        if (c == null || offset < 0 || offset >= c.positions.length) {
            throw new SalesforceApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        c.lastUsedMillis = now;
        return page(c.store, c.select, c.columns, c.positions, offset, c.batchSize, c.id);
    }

    private QueryPage page(ObjectStore store, List<FieldDef> select, List<SelectColumn> columns, int[] positions,
                           int offset, int batchSize, String cursorId) {
        int end = (int) Math.min(positions.length, (long) offset + batchSize);
        List<Object[]> rows;
        Lock r = store.lock.readLock();
        r.lock();
        try {
            rows = store.rows(positions, offset, end);
        } finally {
            r.unlock();
        }
        boolean done = end >= positions.length;
        return new QueryPage(store.def, positions.length, done, done ? null : cursorId + "-" + end, select,
                Collections.unmodifiableList(rows), false, columns);
    }

    /** Salesforce keeps at most 10 open query cursors per user and closes the oldest one. */
    private void closeOldestCursorsBeyondLimit() {
        while (cursors.size() > MAX_OPEN_CURSORS) {
            cursors.values().stream().min(java.util.Comparator.comparingLong((QueryCursor c) -> c.lastUsedMillis)
                            .thenComparing(c -> c.id))
                    .ifPresent(c -> cursors.remove(c.id));
        }
    }

    private void expireCursors(long now) {
        long ttl = CURSOR_TTL.toMillis();
        cursors.values().removeIf(c -> now - c.lastUsedMillis > ttl);
    }

    /** What SOQL reads besides the queried object: parents, semi-join and subquery rows, visible fields. */
    private final QuerySource querySource = new QuerySource() {
        @Override
        public SelectColumn.ParentRow parentRow(String id) {
            return EmulatorOrg.this.parentRow(id);
        }

        @Override
        public List<Object[]> liveRows(SObjectDef object, CompiledQuery.RowPredicate where) {
            ObjectStore store = stores.get(object.name);
            List<Object[]> out = new ArrayList<>();
            Lock r = store.lock.readLock();
            r.lock();
            try {
                for (int i = 0; i < store.size(); i++) {
                    Object[] row = store.row(i);
                    if (!store.isDeleted(row) && (where == null || where.test(row))) {
                        out.add(row.clone());
                    }
                }
                store.rowsExamined.add(store.size());
            } finally {
                r.unlock();
            }
            return out;
        }

        @Override
        public boolean fieldVisible(SObjectDef object, FieldDef field) {
            return rules.fieldVisible(object, field);
        }
    };

    /** The live (not deleted) row with this id in whichever object its key prefix names, or null. */
    SelectColumn.ParentRow parentRow(String id) {
        if (id == null || id.length() < 3) {
            return null;
        }
        SObjectDef def = schema.objectByKeyPrefix(id.substring(0, 3));
        if (def == null) {
            return null;
        }
        ObjectStore store = stores.get(def.name);
        Object[] row = row(store, id);
        return row == null || store.isDeleted(row) ? null : new SelectColumn.ParentRow(def, row);
    }

    int openCursors() {
        return cursors.size();
    }

    static int clampBatchSize(int requested) {
        if (requested <= 0) {
            return DEFAULT_BATCH_SIZE;
        }
        return Math.max(MIN_BATCH_SIZE, Math.min(DEFAULT_BATCH_SIZE, requested));
    }
}
