package io.sfsync.emulator;

import io.sfsync.emulator.admin.ApiFaults;
import io.sfsync.emulator.admin.ConnectionFaults;
import io.sfsync.emulator.admin.EndpointStats;
import io.sfsync.emulator.auth.Sessions;
import io.sfsync.emulator.demo.DemoData;
import io.sfsync.emulator.org.ApiBudget;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.OrgRules;
import io.sfsync.emulator.org.RecordLocks;
import io.sfsync.emulator.org.Records;
import io.sfsync.emulator.org.Replication;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.Schema;
import io.sfsync.emulator.org.SchemaFile;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.Upserts;
import io.sfsync.emulator.soql.CompiledQuery;
import io.sfsync.emulator.soql.QueryCursors;
import io.sfsync.emulator.soql.QueryRows;
import io.sfsync.emulator.soql.SelectColumn;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulated org: schema, records, clock, sessions, query cursors, injected faults and the API usage counter.
 * Everything here is thread-safe; the HTTP layer and tests call it concurrently. This class is the org's API; the
 * work is done by {@link Records} (record writes and reads), {@link QueryCursors} (SOQL and its cursors),
 * {@link OrgRules} (access, validation rules and per-object behaviour) and {@link ApiFaults} (injected errors).
 *
 * <p>Public maps use canonical field API names in schema order; datetimes are {@link java.time.Instant},
 * dates {@link java.time.LocalDate}, currency/double {@link Double}, int {@link Integer}.</p>
 */
public final class EmulatorOrg {

    public static final int DEFAULT_BATCH_SIZE = 2000;
    static final int MIN_BATCH_SIZE = 200;

    private final EmulatorConfig config;
    private final Schema schema;
    private final EmulatorClock clock = new EmulatorClock();
    private final Map<String, ObjectStore> stores = new LinkedHashMap<>();
    private final String orgId;
    private final String userId;
    private final Sessions sessions;
    private final ApiFaults faults = new ApiFaults();
    private final ApiBudget budget;
    private final EndpointStats endpointStats = new EndpointStats();
    private final ConnectionFaults connectionFaults = new ConnectionFaults();
    private final RecordLocks recordLocks = new RecordLocks();
    private final SecureRandom random = new SecureRandom();
    private final DemoData demoData;
    private final OrgRules rules = new OrgRules(this);
    private final Records records;
    private final QueryCursors queries;
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
        this.records = new Records(schema, stores, clock, rules, recordLocks, userId);
        this.queries = new QueryCursors(schema, stores, records, clock, rules);
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
        return records.create(sobject, fields);
    }

    /** Updates fields (REST PATCH semantics); bumps LastModifiedDate and SystemModstamp. */
    public void update(String sobject, String id, Map<String, Object> fields) {
        records.update(sobject, id, fields);
    }

    /** A system-only change (e.g. a background recalculation): bumps SystemModstamp, not LastModifiedDate. */
    public void touchSystemOnly(String sobject, String id) {
        records.touchSystemOnly(sobject, id);
    }

    /**
     * Restores a record from the recycle bin, as Salesforce's undelete does (Apex, SOAP API or the UI: the REST API
     * has none). See {@link Records#undelete}.
     */
    public void undelete(String sobject, String id) {
        records.undelete(sobject, id);
    }

    /** Moves the record to the recycle bin: IsDeleted = true; hidden from query, visible to queryAll. */
    public void delete(String sobject, String id) {
        records.delete(sobject, id);
    }

    /** The record (including deleted ones, with IsDeleted = true), or empty. */
    public Optional<Map<String, Object>> get(String sobject, String id) {
        return records.get(sobject, id);
    }

    /** Number of non-deleted records. */
    public int count(String sobject) {
        return records.count(sobject);
    }

    /** All non-deleted records ordered by Id. */
    public List<Map<String, Object>> all(String sobject) {
        return records.all(sobject);
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
        faults.add(times, pathContains, httpStatus, errorCode, message);
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
        rules.access().setFieldAccess(sobject, field, access);
    }

    /** Object permissions of the integration user (default READ_WRITE). */
    public void setObjectAccess(String sobject, Access access) {
        rules.access().setObjectAccess(sobject, access);
    }

    /** Adds a validation rule: writes whose resulting {@code field} value violates {@code mustHold} fail. */
    public ValidationRule addValidationRule(String sobject, String field, String errorMessage, FieldCondition mustHold) {
        return rules.validation().add(sobject, field, errorMessage, mustHold);
    }

    public List<ValidationRule> validationRules() {
        return rules.validation().all();
    }

    public void clearValidationRules() {
        rules.validation().clear();
    }

    public OrgRules rules() {
        return rules;
    }

    // ------------------------------------------------------------------ API of the emulator's HTTP layer

    public EmulatorConfig config() {
        return config;
    }

    public Schema schema() {
        return schema;
    }

    public long countApiCall() {
        return budget.count();
    }

    public EndpointStats endpointStats() {
        return endpointStats;
    }

    public ConnectionFaults connectionFaults() {
        return connectionFaults;
    }

    public List<RecordLocks.Lock> recordLockList() {
        return recordLocks.all();
    }

    public String newSession() {
        byte[] b = new byte[48];
        random.nextBytes(b);
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.add(token);
        return token;
    }

    public boolean isValidSession(String token) {
        return token != null && sessions.contains(token);
    }

    public void revokeSession(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Consumes one matching fault, if any. */
    public ApiFaults.Fault takeFault(String path) {
        return faults.take(path);
    }

    public ObjectStore store(String sobject) {
        return records.store(sobject);
    }

    public ObjectStore storeOrNull(String sobject) {
        return records.storeOrNull(sobject);
    }

    /** Stored row of a record, or null. Includes deleted records. */
    public Object[] row(ObjectStore store, String id) {
        return records.row(store, id);
    }

    /** Inserts a validated record and returns its id. */
    public String insert(ObjectStore store, Map<String, Object> fields, boolean internal) {
        return records.insert(store, fields, internal);
    }

    public void stampNew(ObjectStore store, Object[] row, long now) {
        records.stampNew(store, row, now);
    }

    // ------------------------------------------------------------------ queries and cursors

    public record QueryPage(SObjectDef object, int totalSize, boolean done, String nextLocator, List<FieldDef> select,
                     List<Object[]> rows, boolean count, List<SelectColumn> columns) {
    }

    /** Checks and compiles a query without running it (the {@code columns=true} answer describes its columns). */
    public CompiledQuery compileQuery(String soql) {
        return queries.compile(soql);
    }

    /** Runs a query; {@code includeDeleted} = queryAll. Snapshots the matching record positions into a cursor. */
    public QueryPage query(String soql, boolean includeDeleted, int batchSize) {
        return queries.query(soql, includeDeleted, batchSize);
    }

    /** Next page of a cursor; locator = "cursorId-offset". */
    public QueryPage queryMore(String locator) {
        return queries.queryMore(locator);
    }

    public int openCursors() {
        return queries.openCursors();
    }

    public static int clampBatchSize(int requested) {
        if (requested <= 0) {
            return DEFAULT_BATCH_SIZE;
        }
        return Math.max(MIN_BATCH_SIZE, Math.min(DEFAULT_BATCH_SIZE, requested));
    }
}
