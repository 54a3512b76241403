package io.sfsync.emulator.bulk;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.ValueAccessor;
import io.sfsync.emulator.soql.CompiledQuery;
import io.sfsync.emulator.soql.SoqlCompiler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk API 2.0 jobs of the org: query jobs (SOQL through the emulator's query engine, results as CSV pages with
 * locators) and ingest jobs (CSV rows through {@link EmulatorOrg#create}, {@link EmulatorOrg#update} and
 * {@link EmulatorOrg#delete}, so every validation of the REST API applies).
 *
 * <p>Timing: a job is processed synchronously when it is first read after it reached {@code UploadComplete}
 * (get job info, results, or the job list); until then it can be aborted. {@code InProgress} is never
 * reported.</p>
 */
final class BulkJobs {

    static final String STATE_OPEN = "Open";
    static final String STATE_UPLOAD_COMPLETE = "UploadComplete";
    static final String STATE_IN_PROGRESS = "InProgress";
    static final String STATE_JOB_COMPLETE = "JobComplete";
    static final String STATE_ABORTED = "Aborted";
    static final String STATE_FAILED = "Failed";
    /** Rows per results page when the client sends no {@code maxRecords}. */
    static final int DEFAULT_MAX_RECORDS = 100_000;

    private static final DateTimeFormatter CSV_DATETIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Fields shared by query and ingest jobs. */
    abstract static class Job {
        final String id;
        final String operation;
        final String object;
        final String apiVersion;
        final long createdDate;
        final String columnDelimiter;
        final String lineEnding;
        volatile String state;
        volatile long systemModstamp;
        volatile long numberRecordsProcessed;
        volatile long totalProcessingTime;
        volatile String errorMessage;

        Job(String id, String operation, String object, String apiVersion, long now, String columnDelimiter,
            String lineEnding, String state) {
            this.id = id;
            this.operation = operation;
            this.object = object;
            this.apiVersion = apiVersion;
            this.createdDate = now;
            this.systemModstamp = now;
            this.columnDelimiter = columnDelimiter;
            this.lineEnding = lineEnding;
            this.state = state;
        }

        char delimiter() {
            return Csv.delimiter(columnDelimiter);
        }

        String eol() {
            return Csv.lineEnding(lineEnding);
        }

        boolean finished() {
            return state.equals(STATE_JOB_COMPLETE) || state.equals(STATE_ABORTED) || state.equals(STATE_FAILED);
        }
    }

    static final class QueryJob extends Job {
        final String query;
        List<FieldDef> select = List.of();
        List<Object[]> rows = List.of();

        QueryJob(String id, String operation, String object, String query, String apiVersion, long now,
                 String columnDelimiter, String lineEnding) {
            super(id, operation, object, apiVersion, now, columnDelimiter, lineEnding, STATE_UPLOAD_COMPLETE);
            this.query = query;
        }
    }

    static final class IngestJob extends Job {
        final String externalIdFieldName;
        final StringBuilder data = new StringBuilder();
        List<String> header = List.of();
        final List<List<String>> successful = new ArrayList<>();
        final List<List<String>> failed = new ArrayList<>();
        final List<List<String>> unprocessed = new ArrayList<>();
        volatile long numberRecordsFailed;

        IngestJob(String id, String operation, String object, String externalIdFieldName, String apiVersion, long now,
                  String columnDelimiter, String lineEnding) {
            super(id, operation, object, apiVersion, now, columnDelimiter, lineEnding, STATE_OPEN);
            this.externalIdFieldName = externalIdFieldName;
        }
    }

    private final EmulatorOrg org;
    private final AtomicLong counter = new AtomicLong(SfIds.COUNTER_BASE);
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    BulkJobs(EmulatorOrg org) {
        this.org = org;
    }

    // ------------------------------------------------------------------ jobs

    QueryJob createQueryJob(String operation, String soql, String apiVersion, String columnDelimiter,
                            String lineEnding) {
        long now = org.clock().nowMillis();
        CompiledQuery q = SoqlCompiler.compile(soql, org.schema(), now);
        if (q.count()) {
            throw new SalesforceApiException(400, "API_ERROR", "Aggregate queries are not supported by Bulk API 2.0: COUNT()");
        }
        if (q.aggregation() != null) {
            throw new SalesforceApiException(400, "API_ERROR",
                    "Aggregate functions and GROUP BY are not supported by Bulk API 2.0");
        }
        if (q.hasSubqueries()) {
            throw new SalesforceApiException(400, "API_ERROR",
                    "Parent-to-child relationship queries are not supported by Bulk API 2.0");
        }
        if (q.offset() > 0) {
            throw new SalesforceApiException(400, "API_ERROR", "OFFSET clauses are not supported by Bulk API 2.0");
        }
        QueryJob job = new QueryJob(SfIds.make("750", counter.incrementAndGet()), operation, q.object().name, soql,
                apiVersion, now, columnDelimiter, lineEnding);
        synchronized (jobs) {
            jobs.put(job.id, job);
        }
        return job;
    }

    IngestJob createIngestJob(String object, String operation, String externalIdFieldName, String apiVersion,
                              String columnDelimiter, String lineEnding) {
        SObjectDef def = org.schema().object(object);
        if (def == null) {
            throw new SalesforceApiException(400, "INVALIDENTITY", "Entity '" + object + "' is not supported by the Bulk API.");
        }
        String extId = null;
        if (operation.equals("upsert")) {
            if (externalIdFieldName == null || externalIdFieldName.isBlank()) {
                throw new SalesforceApiException(400, "INVALIDJOB", "External ID was blank for " + def.name
                        + ". An External ID must be specified for upsert.");
            }
            FieldDef f = def.field(externalIdFieldName);
            if (f == null || !(f.name.equals("Id") || f.externalId || f.idLookup)) {
                throw new SalesforceApiException(400, "INVALIDJOB", "Field name provided, " + externalIdFieldName
                        + " does not match an External ID, Salesforce Id, or indexed field for " + def.name);
            }
            extId = f.name;
        }
        IngestJob job = new IngestJob(SfIds.make("750", counter.incrementAndGet()), operation, def.name, extId,
                apiVersion, org.clock().nowMillis(), columnDelimiter, lineEnding);
        synchronized (jobs) {
            jobs.put(job.id, job);
        }
        return job;
    }

    /** The job; NOT_FOUND when unknown or of the other kind. Call {@link #process} before reporting on it. */
    <T extends Job> T find(String id, Class<T> kind) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(id);
        }
        if (!kind.isInstance(job)) {
            throw SalesforceApiException.notFound();
        }
        return kind.cast(job);
    }

    <T extends Job> List<T> list(Class<T> kind) {
        List<Job> all;
        synchronized (jobs) {
            all = new ArrayList<>(jobs.values());
        }
        List<T> out = new ArrayList<>();
        for (Job j : all) {
            if (kind.isInstance(j)) {
                process(j);
                out.add(kind.cast(j));
            }
        }
        return out;
    }

    void delete(Job job) {
        synchronized (job) {
            // ingest jobs may be deleted once closed; query jobs once finished
            if (!job.finished() && !(job instanceof IngestJob && job.state.equals(STATE_UPLOAD_COMPLETE))) {
                throw invalidState("Deleting a job in state " + job.state + " is not allowed");
            }
        }
        synchronized (jobs) {
            jobs.remove(job.id);
        }
    }

    /** PATCH {"state": ...}: Aborted (query and ingest), UploadComplete (ingest). */
    void changeState(Job job, String newState) {
        synchronized (job) {
            if (STATE_ABORTED.equals(newState)) {
                if (job.finished()) {
                    throw invalidState("Aborting already " + job.state + " Job not allowed");
                }
                if (job instanceof IngestJob ingest) {
                    ingest.unprocessed.clear();
                    List<List<String>> rows = parseUpload(ingest);
                    if (rows != null) {
                        ingest.unprocessed.addAll(rows.subList(Math.min(1, rows.size()), rows.size()));
                    }
                }
                job.state = STATE_ABORTED;
            } else if (STATE_UPLOAD_COMPLETE.equals(newState) && job instanceof IngestJob) {
                if (!job.state.equals(STATE_OPEN)) {
                    throw invalidState("Closing a job in state " + job.state + " is not allowed");
                }
                job.state = STATE_UPLOAD_COMPLETE;
            } else {
                throw invalidState("Changing the state of a job to " + newState + " is not allowed");
            }
            job.systemModstamp = org.clock().nowMillis();
        }
    }

    void upload(IngestJob job, String csv) {
        synchronized (job) {
            if (!job.state.equals(STATE_OPEN)) {
                throw invalidState("Uploading data to a job in state " + job.state + " is not allowed");
            }
            if (job.data.length() == 0) {
                job.data.append(csv);
            } else {
                // a later upload repeats the header row: append only its data rows
                int eol = csv.indexOf('\n');
                job.data.append(job.data.charAt(job.data.length() - 1) == '\n' ? "" : "\n")
                        .append(eol < 0 ? "" : csv.substring(eol + 1));
            }
        }
    }

    private static SalesforceApiException invalidState(String message) {
        return new SalesforceApiException(400, "INVALIDJOBSTATE", message);
    }

    // ------------------------------------------------------------------ processing

    /** Runs a job that is waiting in UploadComplete; no-op otherwise. */
    void process(Job job) {
        synchronized (job) {
            if (!job.state.equals(STATE_UPLOAD_COMPLETE)) {
                return;
            }
            job.state = STATE_IN_PROGRESS;
            long start = System.nanoTime();
            try {
                if (job instanceof QueryJob q) {
                    runQuery(q);
                } else {
                    runIngest((IngestJob) job);
                }
                if (job.state.equals(STATE_IN_PROGRESS)) {
                    job.state = STATE_JOB_COMPLETE;
                }
            } catch (SalesforceApiException e) {
                job.state = STATE_FAILED;
                job.errorMessage = e.errorCode() + " : " + e.getMessage();
            }
            job.totalProcessingTime = (System.nanoTime() - start) / 1_000_000;
            job.systemModstamp = org.clock().nowMillis();
        }
    }

    private void runQuery(QueryJob job) {
        EmulatorOrg.QueryPage page = org.query(job.query, job.operation.equals("queryAll"), Integer.MAX_VALUE);
        job.select = page.select();
        job.rows = page.rows();
        job.numberRecordsProcessed = page.rows().size();
    }

    private List<List<String>> parseUpload(IngestJob job) {
        if (job.data.length() == 0) {
            return null;
        }
        return Csv.parse(job.data.toString(), job.delimiter());
    }

    private void runIngest(IngestJob job) {
        List<List<String>> rows;
        try {
            rows = parseUpload(job);
        } catch (IllegalArgumentException e) {
            fail(job, "ClientInputError : " + e.getMessage());
            return;
        }
        if (rows == null || rows.isEmpty()) {
            fail(job, "InvalidBatch : Records not found");
            return;
        }
        SObjectDef def = org.schema().object(job.object);
        List<String> header = new ArrayList<>();
        for (String column : rows.get(0)) {
            String name = column.trim();
            FieldDef f = def.field(name);
            if (f == null) {
                fail(job, "InvalidBatch : Field name not found : " + name);
                return;
            }
            header.add(f.name);
        }
        job.header = List.copyOf(rows.get(0));
        for (List<String> row : rows.subList(1, rows.size())) {
            processRow(job, def, header, row);
        }
    }

    private static void fail(IngestJob job, String message) {
        job.state = STATE_FAILED;
        job.errorMessage = message;
    }

    private void processRow(IngestJob job, SObjectDef def, List<String> header, List<String> row) {
        job.numberRecordsProcessed++;
        String id = null;
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String v = i < row.size() ? row.get(i) : "";
            if (header.get(i).equals("Id")) {
                id = v.isEmpty() ? null : v;
                continue;
            }
            if (v.isEmpty()) {
                continue; // Bulk API: an empty value leaves the field as it is; #N/A sets it to null
            }
            values.put(header.get(i), v.equals("#N/A") ? null : v);
        }
        try {
            boolean created = false;
            switch (job.operation) {
                case "insert" -> {
                    if (id != null) {
                        values.put("Id", id); // rejected by create: Id is not createable
                    }
                    id = (String) org.create(def.name, values).get("Id");
                    created = true;
                }
                case "update" -> {
                    requireId(id);
                    org.update(def.name, id, values);
                }
                case "delete", "hardDelete" -> {
                    requireId(id);
                    org.delete(def.name, id);
                }
                case "upsert" -> {
                    String[] result = upsert(job, def, id, values);
                    id = result[0];
                    created = result[1] != null;
                }
                default -> throw new SalesforceApiException(400, "INVALIDJOB", "operation " + job.operation);
            }
            List<String> out = new ArrayList<>();
            out.add(SfIds.to18(id));
            out.add(Boolean.toString(created));
            out.addAll(row);
            job.successful.add(out);
        } catch (SalesforceApiException e) {
            job.numberRecordsFailed++;
            List<String> out = new ArrayList<>();
            out.add(id != null && SfIds.isValid(id) ? SfIds.to18(id) : "");
            out.add(bulkError(e));
            out.addAll(row);
            job.failed.add(out);
        }
    }

    private static void requireId(String id) {
        if (id == null) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", "Id not specified in an update call");
        }
    }

    /** Returns {id, "created" or null}. */
    private String[] upsert(IngestJob job, SObjectDef def, String id, Map<String, Object> values) {
        String ext = job.externalIdFieldName;
        if (ext.equals("Id")) {
            if (id == null) {
                return new String[] {(String) org.create(def.name, values).get("Id"), "created"};
            }
            org.update(def.name, id, values);
            return new String[] {id, null};
        }
        Object key = values.get(ext);
        if (key == null) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", ext + " not specified");
        }
        String literal = key.toString().replace("\\", "\\\\").replace("'", "\\'");
        List<Map<String, Object>> matches = org.query("SELECT Id FROM " + def.name + " WHERE " + ext + " = '" + literal + "'");
        if (matches.size() > 1) {
            throw new SalesforceApiException(300, "DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: " + key,
                    List.of(ext));
        }
        if (matches.isEmpty()) {
            return new String[] {(String) org.create(def.name, values).get("Id"), "created"};
        }
        String found = (String) matches.get(0).get("Id");
        values.remove(ext);
        org.update(def.name, found, values);
        return new String[] {found, null};
    }

    /** {@code ERROR_CODE:message:Field1,Field2 --}, the Bulk API's error column format. */
    static String bulkError(SalesforceApiException e) {
        return e.errorCode() + ":" + e.getMessage() + ":" + String.join(",", e.fields()) + " --";
    }

    // ------------------------------------------------------------------ results

    /** One page of query results. */
    record ResultPage(String csv, int records, String nextLocator) {
    }

    static String locator(int offset) {
        return Base64.getEncoder().withoutPadding().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    static int offsetOf(String locator) {
        try {
            int offset = Integer.parseInt(new String(Base64.getDecoder().decode(locator), StandardCharsets.US_ASCII));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw new SalesforceApiException(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
        }
    }

    ResultPage results(QueryJob job, String locator, int maxRecords) {
        if (!job.state.equals(STATE_JOB_COMPLETE)) {
            throw new SalesforceApiException(400, "JOB_NOT_COMPLETE", "can only download query results of successfully"
                    + " completed bulk job with status: JOB_COMPLETE. Current status: "
                    + job.state.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        }
        int from = locator == null || locator.isEmpty() || locator.equals("null") ? 0 : offsetOf(locator);
        int total = job.rows.size();
        if (from > total) {
            throw new SalesforceApiException(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
        }
        int to = (int) Math.min(total, (long) from + maxRecords);
        char d = job.delimiter();
        String eol = job.eol();
        StringBuilder out = new StringBuilder(64 + (to - from) * 64);
        List<String> names = new ArrayList<>(job.select.size());
        List<ValueAccessor> accessors = new ArrayList<>(job.select.size());
        for (FieldDef f : job.select) {
            names.add(f.name);
            accessors.add(ValueAccessor.of(f));
        }
        Csv.appendRow(out, names, d, eol);
        for (int r = from; r < to; r++) {
            Object[] row = job.rows.get(r);
            for (int i = 0; i < accessors.size(); i++) {
                if (i > 0) {
                    out.append(d);
                }
                Csv.appendField(out, csvValue(job.select.get(i), accessors.get(i).get(row)));
            }
            out.append(eol);
        }
        return new ResultPage(out.toString(), to - from, to < total ? locator(to) : null);
    }

    static String csvValue(FieldDef f, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Long l && f.type == FieldType.DATETIME) {
            return CSV_DATETIME.format(Instant.ofEpochMilli(l));
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) + ".0" : d.toString();
        }
        return v.toString();
    }

    /** successfulResults / failedResults / unprocessedrecords as CSV. */
    String ingestResults(IngestJob job, String kind) {
        List<String> head = new ArrayList<>();
        List<List<String>> rows;
        synchronized (job) {
            switch (kind) {
                case "successfulResults" -> {
                    head.add("sf__Id");
                    head.add("sf__Created");
                    rows = new ArrayList<>(job.successful);
                }
                case "failedResults" -> {
                    head.add("sf__Id");
                    head.add("sf__Error");
                    rows = new ArrayList<>(job.failed);
                }
                default -> rows = new ArrayList<>(job.unprocessed);
            }
            List<String> original = job.header;
            if (original.isEmpty()) {
                try {
                    List<List<String>> parsed = parseUpload(job);
                    original = parsed == null || parsed.isEmpty() ? List.of() : parsed.get(0);
                } catch (IllegalArgumentException e) {
                    original = List.of();
                }
            }
            head.addAll(original);
        }
        StringBuilder out = new StringBuilder();
        char d = job.delimiter();
        String eol = job.eol();
        Csv.appendRow(out, head, d, eol);
        for (List<String> row : rows) {
            Csv.appendRow(out, row, d, eol);
        }
        return out.toString();
    }
}
