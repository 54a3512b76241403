package io.sfsync.push;

import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.CollectionResults;
import io.sfsync.store.ChangeLog;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ColumnDelimiterEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk API 2.0 path of Push New and Push Updates: the bean ({@code pushBulk}) behind
 * {@code routes/push/push-bulk.camel.yaml}, for a step with more rows to send than {@code sfsync.push.bulk-threshold}.
 * <p>
 * The rows are read in chunks, as the collections path reads them, and written to a CSV file, not held in memory;
 * a job takes at most {@link #MAX_JOB_ROWS} rows and {@link #MAX_JOB_BYTES} bytes of CSV (Salesforce takes at most
 * 100 MB a job), more rows go in further jobs, one after the other. Only each row's key, row id, Salesforce id and last change-log entry
 * stay in memory, to match the job's results back to the rows: by {@code Id} (update) or by the sfsync key in the
 * external-id field (upsert). A Push Updates row's cell of a field it did not change is empty, which Bulk API 2.0
 * reads as "leave as it is"; a value changed to null is {@code #N/A}.
 * <p>
 * Each result is applied as the collections path applies a record's: success writes back the id (Push New) and closes
 * the row's change-log entries ({@code Pushed}); a refusal sends the uploaded row to the dead-letter store and closes
 * them {@code Failed}; rows Salesforce could not lock ({@code UNABLE_TO_LOCK_ROW}; a job does not retry them) are read
 * again and sent through sObject Collections after the jobs, by the same retry as there.
 */
public final class PushBulk {

    /** Rows of one job: bounds the keys held in memory to match its results. */
    static final int MAX_JOB_ROWS = 100_000;
    /** Salesforce takes up to 100 MB of CSV a job (150 MB once base64 encoded). */
    static final long MAX_JOB_BYTES = 100_000_000L;
    /** The null of a Bulk API 2.0 CSV; an empty cell leaves the field as it is. */
    static final String NULL = "#N/A";
    private static final int READ_ROWS = 2000;
    private static final int COMMIT_EVERY = 2000;
    private static final CSVFormat RESULTS = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    private static final Logger LOG = LoggerFactory.getLogger(PushBulk.class);

    /** A row in a job: what its result needs. */
    record Sent(long rowId, long lastChangeId, String sfId) {
    }

    /** One ingest job of a step: its CSV file and where it stands. */
    static final class IngestJob {
        final Path file;
        final String keyColumn;
        final List<String> fields;
        /** Rows whose result has not been applied yet, by their value in the key column. */
        final Map<String, Sent> sent = new HashMap<>();
        int rows;
        long bytes;
        String id;
        boolean uploadSent;
        boolean uploaded;
        boolean closed;
        boolean done;
        boolean successRead;

        IngestJob(Path file, String keyColumn, List<String> fields) {
            this.file = file;
            this.keyColumn = keyColumn;
            this.fields = fields;
        }
    }

    /** True while a job is under way; writes the next job's CSV when none is and rows are left. */
    static boolean jobLeft(PushStep step) throws SQLException, IOException {
        if (step.bulkJob != null) {
            return true;
        }
        if (step.noMoreRows && step.bulkCarry.isEmpty() || step.owner().stopIfStopping(step)) {
            return false;
        }
        step.bulkJob = write(step);
        return step.bulkJob != null;
    }

    /** The next job's CSV; null when no row is left for one. */
    private static IngestJob write(PushStep step) throws SQLException, IOException {
        Pusher owner = step.owner();
        String key = owner.bulkKeyColumn(step);
        List<String> fields = owner.bulkFields(step);
        Set<String> columns = new HashSet<>(fields);
        columns.add(key);
        IngestJob job = new IngestJob(Files.createTempFile("sfsync-push-", ".csv"), key, fields);
        StringBuilder line = new StringBuilder();
        try (Writer out = Files.newBufferedWriter(job.file, StandardCharsets.UTF_8)) {
            line.append(cell(key));
            for (String f : fields) {
                line.append(',').append(cell(f));
            }
            line.append('\n');
            out.append(line);
            job.bytes = utf8Length(line);
            while (job.rows < owner.bulkJobRows) {
                if (step.bulkCarry.isEmpty()) {
                    if (step.noMoreRows) {
                        break;
                    }
                    step.bulkCarry.addAll(owner.readCandidates(step, READ_ROWS));
                    continue;
                }
                PushStep.Candidate r = step.bulkCarry.peekFirst();
                String k = owner.bulkKey(step, r);
                if (k == null || job.sent.containsKey(k) || !columns.containsAll(r.fields.keySet())) {
                    // a key twice in one job, or a column changed after the job's header was made: Collections send it
                    step.bulkCarry.removeFirst();
                    step.retry.add(r);
                    continue;
                }
                line.setLength(0);
                line.append(cell(k));
                for (String f : fields) {
                    line.append(',');
                    if (r.fields.containsKey(f)) {
                        line.append(cell(csvValue(r.fields.get(f))));
                    }
                }
                line.append('\n');
                long n = utf8Length(line);
                if (job.rows > 0 && job.bytes + n > owner.bulkJobBytes) {
                    break;
                }
                step.bulkCarry.removeFirst();
                out.append(line);
                job.bytes += n;
                job.rows++;
                job.sent.put(k, new Sent(r.rowId, r.lastChangeId, r.sfId));
            }
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(job.file);
            throw e;
        }
        if (job.rows == 0) {
            Files.deleteIfExists(job.file);
            return null;
        }
        return job;
    }

    /** A value as Bulk API 2.0 reads it: null (and an empty text, which Salesforce stores as null) is {@code #N/A}. */
    static String csvValue(Object v) {
        if (v == null || (v instanceof String s && s.isEmpty())) {
            return NULL;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString()).toPlainString();
        }
        return v.toString();
    }

    /** One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line break or leading/trailing blanks. */
    static String cell(String v) {
        boolean quote = !v.isEmpty() && (Character.isWhitespace(v.charAt(0))
                || Character.isWhitespace(v.charAt(v.length() - 1)));
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The job under way needs a Salesforce job: it has none yet, or its upload was sent and its answer lost. */
    static boolean jobToCreate(PushStep step) {
        IngestJob job = step.bulkJob;
        if (job == null) {
            return false;
        }
        if (job.id != null && job.uploadSent && !job.uploaded) {
            // The upload may have reached the job: a second one would add every row twice. The job is left open
            // (never processed; Salesforce deletes it) and the rows go into a new one.
            LOG.warn("{} {}: the answer to the upload of Bulk API ingest job {} was lost; sending its rows in a new job",
                    step.mapping.object(), step.owner().operation(), job.id);
            job.id = null;
            job.uploadSent = false;
        }
        return job.id == null;
    }

    /** The ingest job to create: CSV, comma, LF; upsert by the mapping's external id for Push New. */
    public Job job(PushStep step) {
        Pusher owner = step.owner();
        Job job = new Job();
        job.setObject(step.mapping.object());
        OperationEnum operation = owner.bulkOperation(step);
        job.setOperation(operation);
        if (operation == OperationEnum.UPSERT) {
            job.setExternalIdFieldName(step.bulkJob.keyColumn);
        }
        job.setContentType(ContentTypeEnum.CSV);
        job.setColumnDelimiter(ColumnDelimiterEnum.COMMA);
        job.setLineEnding(LineEndingEnum.LF);
        return job;
    }

    public void created(PushStep step, Job job) {
        step.bulkJob.id = job.getId();
        step.bulkJobs++;
        LOG.info("{} {}: Bulk API 2.0 ingest job {} ({}, {} rows, {} bytes of CSV)", step.mapping.object(),
                step.owner().operation(), job.getId(), job.getOperation(), step.bulkJob.rows, step.bulkJob.bytes);
    }

    /** The job's CSV, read from its file by the upload (again from the start if the call is repeated). */
    public File upload(PushStep step) {
        step.bulkJob.uploadSent = true;
        return step.bulkJob.file.toFile();
    }

    public void uploaded(PushStep step) {
        step.bulkJob.uploaded = true;
    }

    public void closed(PushStep step) {
        step.bulkJob.closed = true;
    }

    /** Follows the closed job until Salesforce has processed it; a job that failed or was aborted fails the step. */
    public void jobState(PushStep step, Job job) {
        JobStateEnum state = job.getState();
        if (state == JobStateEnum.JOB_COMPLETE) {
            step.bulkJob.done = true;
        } else if (state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
            throw new IllegalStateException("Bulk API ingest job " + job.getId() + " ended " + state
                    + (job.getErrorMessage() == null ? "" : ": " + job.getErrorMessage())
                    + "; see the job in Salesforce (Setup > Bulk Data Load Jobs)");
        }
    }

    /** The job's successfulResults (sf__Id, sf__Created, the uploaded columns): each row as a record Salesforce took. */
    public void applySuccessful(PushStep step, InputStream body) throws IOException, SQLException {
        Pusher owner = step.owner();
        IngestJob job = step.bulkJob;
        try (Reader in = new InputStreamReader(body, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(in, RESULTS)) {
            for (CSVRecord rec : p) {
                Sent s = job.sent.remove(rec.get(job.keyColumn));
                if (s == null) {
                    continue; // applied before this read was repeated
                }
                PushStep.Candidate r = uploaded(job, s, rec);
                owner.succeeded(step, r, new CollectionResults.Result(rec.get("sf__Id"), true,
                        Boolean.parseBoolean(rec.get("sf__Created")), List.of()));
                step.books().close(r, ChangeLog.PUSHED, step.getStepId(), null);
                step.bulkOk++;
                commitEvery(step);
            }
        }
        commit(step);
        job.successRead = true;
    }

    /**
     * The job's failedResults (sf__Id, sf__Error, the uploaded columns): each row a dead letter, as a refused record
     * of a collections call, except rows Salesforce could not lock: they are sent again through sObject Collections.
     * Ends the job.
     */
    public void applyFailed(PushStep step, InputStream body) throws IOException, SQLException {
        Pusher owner = step.owner();
        IngestJob job = step.bulkJob;
        int locked = 0;
        try (Reader in = new InputStreamReader(body, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(in, RESULTS)) {
            for (CSVRecord rec : p) {
                Sent s = job.sent.remove(rec.get(job.keyColumn));
                if (s == null) {
                    continue;
                }
                CollectionResults.Error error = error(rec.get("sf__Error"));
                if (Pusher.RETRIED.contains(error.statusCode()) && owner.maxRetries > 0) {
                    PushStep.Candidate again = reread(step, job, s, rec);
                    if (again != null) {
                        again.attempts = 1;
                        step.retry.add(again);
                        locked++;
                    }
                } else {
                    owner.deadLetter(step, uploaded(job, s, rec), error.statusCode(), error.toString());
                    step.bulkFailed++;
                }
                commitEvery(step);
            }
        }
        if (!job.sent.isEmpty()) {
            step.notes.add(job.sent.size() + " row(s) missing from the results of Bulk API ingest job " + job.id
                    + " stay open for the next cycle");
        }
        commit(step);
        if (locked > 0) {
            step.retryDelayMs = Math.min(owner.maxDelayMs, owner.initialDelayMs);
            LOG.warn("{} {}: {} record(s) locked in Salesforce; sending them again through sObject Collections in {} ms",
                    step.mapping.object(), owner.operation(), locked, step.retryDelayMs);
        }
        forgetJob(step);
    }

    private static void commitEvery(PushStep step) throws SQLException {
        if (step.bulkOk + step.bulkFailed >= COMMIT_EVERY) {
            commit(step);
        }
    }

    private static void commit(PushStep step) throws SQLException {
        step.owner().commitCounts(step, step.bulkOk, step.bulkFailed);
        step.bulkOk = 0;
        step.bulkFailed = 0;
    }

    /** Forgets the step's job and deletes its CSV file. */
    static void forgetJob(PushStep step) {
        IngestJob job = step.bulkJob;
        step.bulkJob = null;
        if (job != null) {
            try {
                Files.deleteIfExists(job.file);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", job.file, e.getMessage());
            }
        }
    }

    /** A row of the results as it was uploaded: its non-empty cells ({@code #N/A} as null), for the dead-letter store. */
    private static PushStep.Candidate uploaded(IngestJob job, Sent s, CSVRecord rec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!job.keyColumn.equals("Id")) {
            fields.put(job.keyColumn, rec.get(job.keyColumn));
        }
        for (String f : job.fields) {
            String v = rec.isMapped(f) ? rec.get(f) : "";
            if (!v.isEmpty()) {
                fields.put(f, v.equals(NULL) ? null : v);
            }
        }
        return new PushStep.Candidate(s.rowId(), s.lastChangeId(), s.sfId(), fields);
    }

    /**
     * A locked row to send again: the fields it sent in the job (its non-empty cells), with their current local values
     * in the form the collections path sends; null when the row is gone or a value has no Salesforce form any more.
     */
    private static PushStep.Candidate reread(PushStep step, IngestJob job, Sent s, CSVRecord rec) throws SQLException {
        ObjectMapping m = step.mapping;
        Set<String> sent = new LinkedHashSet<>();
        for (String f : job.fields) {
            if (rec.isMapped(f) && !rec.get(f).isEmpty()) {
                sent.add(f);
            }
        }
        List<FieldMapping> fields = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (FieldMapping f : Pusher.pushedFields(m)) {
            if (sent.contains(f.sf())) {
                fields.add(f);
                columns.add(f.column());
            }
        }
        Map<String, Object> row = Pusher.loadRows(step.connection, m.table(), columns, List.of(s.rowId())).get(s.rowId());
        if (row == null) {
            ChangeLog.close(step.connection, m.table(), s.rowId(), s.lastChangeId(), ChangeLog.SUPERSEDED,
                    step.getStepId(), "the row no longer exists");
            return null;
        }
        String[] why = new String[2];
        Map<String, Object> values = Pusher.salesforceFields(m, fields, row, why);
        if (values == null) {
            Pusher.notSent(step, uploaded(job, s, rec), why);
            return null;
        }
        if (!job.keyColumn.equals("Id")) {
            Map<String, Object> keyed = new LinkedHashMap<>(values);
            keyed.put(job.keyColumn, rec.get(job.keyColumn));
            values = keyed;
        }
        return new PushStep.Candidate(s.rowId(), s.lastChangeId(), s.sfId(), values);
    }

    /** A Bulk API error cell, {@code CODE:message:Field1,Field2 --} (the message may hold colons). */
    static CollectionResults.Error error(String text) {
        String s = text == null ? "" : text.strip();
        if (s.endsWith("--")) {
            s = s.substring(0, s.length() - 2).strip();
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new CollectionResults.Error(s.isEmpty() ? "UNKNOWN_EXCEPTION" : s, "", List.of());
        }
        String code = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        int last = rest.lastIndexOf(':');
        String message = last < 0 ? rest : rest.substring(0, last);
        List<String> fields = new ArrayList<>();
        if (last >= 0) {
            for (String f : rest.substring(last + 1).split(",")) {
                if (!f.isBlank()) {
                    fields.add(f.strip());
                }
            }
        }
        return new CollectionResults.Error(code.strip().toUpperCase(Locale.ROOT), message.strip(), fields);
    }
}
