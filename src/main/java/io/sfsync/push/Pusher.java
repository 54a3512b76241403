package io.sfsync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.mapping.PushValues;
import io.sfsync.salesforce.ApiUsage;
import io.sfsync.salesforce.CollectionResults;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.ChangeLog;
import io.sfsync.store.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Push New and Push Updates share: the step's lifecycle, batches of up to 200 records for sObject Collections
 * ({@code allOrNone=false}: one record's failure does not stop the others), and what happens to each record's
 * result. A record Salesforce takes closes its change-log entries ({@code Pushed}); a record it could not lock
 * ({@code UNABLE_TO_LOCK_ROW}) is sent again in a later batch, up to {@code sfsync.salesforce.retry.max-retries}
 * times; any other refusal (validation rule, required field, no access, ...) sends the record to the dead-letter store
 * with the payload sent and Salesforce's code, message and fields, and closes its entries as {@code Failed}. The rest
 * of the batch and the step go on (S7, D1). A step with more rows than {@code sfsync.push.bulk-threshold} sends them
 * through Bulk API 2.0 ingest jobs instead ({@link PushBulk}), whose results take the same way.
 */
public abstract class Pusher {

    /** sObject Collections take at most 200 records a call. */
    static final int BATCH_SIZE = 200;
    static final Set<String> RETRIED = Set.of("UNABLE_TO_LOCK_ROW");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);

    protected final DataSource dataSource;
    protected final StepLog stepLog;
    protected final Map<String, ObjectMapping> mappings;
    protected final String apiVersion;
    final int maxRetries;
    final long initialDelayMs;
    final long maxDelayMs;
    private final int bulkThreshold;
    /** {@code sfsync.salesforce.budget.max-share}: a step stops after the batch that reaches it (1: never). */
    private double budgetMaxShare = 1.0;
    /** True once the service is stopping: a step stops after its batch (or ingest job) under way. */
    private BooleanSupplier stopping = () -> false;
    /** Rows and bytes of CSV one ingest job takes at most (lowered by tests to see rows split over jobs). */
    int bulkJobRows = PushBulk.MAX_JOB_ROWS;
    long bulkJobBytes = PushBulk.MAX_JOB_BYTES;

    protected Pusher(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                     int maxRetries, long initialDelayMs, long maxDelayMs, int bulkThreshold) {
        this.bulkThreshold = bulkThreshold;
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
        this.apiVersion = apiVersion;
        this.maxRetries = maxRetries;
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** The step's name in the status log. */
    abstract String operation();

    /** Up to {@code max} rows to send after {@code step.afterRowId}; sets {@code step.noMoreRows} when none is left. */
    abstract List<PushStep.Candidate> readCandidates(PushStep step, int max) throws SQLException;

    /** The collections resource of a batch: sObject Collections, unless the step's records go elsewhere. */
    String path(PushStep step) {
        return collectionsPath();
    }

    /** The HTTP method of a batch. */
    abstract String method(PushStep step);

    /** Salesforce took the record: what the step writes locally besides closing its change-log entries (none). */
    void succeeded(PushStep step, PushStep.Candidate record, CollectionResults.Result result) throws SQLException {
    }

    /** The id the dead-letter store shows for a record: its Salesforce id, unless it has none yet. */
    String recordId(PushStep step, PushStep.Candidate record) {
        return record.sfId;
    }

    /** Called before a batch goes out for the first time (after it was built). */
    void beforeSend(PushStep step, List<PushStep.Candidate> records) throws SQLException {
    }

    /** Called when the route sends the same batch again after a transient failure of the call. */
    void resending(PushStep step) {
    }

    /** Called at start, before the first batch. */
    void started(PushStep step) throws SQLException {
    }

    /**
     * How many rows the step has to send, counted with one query at start, to choose between sObject Collections and
     * a Bulk API 2.0 ingest job and as the step's expected count in the status log; -1 when the step cannot use Bulk
     * API 2.0.
     */
    abstract long countToSend(PushStep step) throws SQLException;

    /** The Bulk API 2.0 ingest operation of the step. */
    abstract OperationEnum bulkOperation(PushStep step);

    /**
     * The column of the ingest CSV that identifies a row in the job's results: {@code Id} (update) or the mapping's
     * external id (upsert).
     */
    abstract String bulkKeyColumn(PushStep step);

    /** The Salesforce fields of the ingest CSV's columns besides the key column, in order. */
    abstract List<String> bulkFields(PushStep step) throws SQLException;

    /** A record's value in the CSV's key column. */
    abstract String bulkKey(PushStep step, PushStep.Candidate record);

    /**
     * The guards of the pull steps, for the push steps too: the API budget guard (a step stops after the batch whose
     * answer reports usage at or above {@code budgetMaxShare} of the daily limit) and the shutdown (a step stops after
     * the batch or ingest job under way). A stopped step is Incomplete; what it did not send stays open for the next
     * cycle.
     */
    public Pusher guardedBy(double budgetMaxShare, BooleanSupplier stopping) {
        this.budgetMaxShare = budgetMaxShare;
        this.stopping = stopping;
        return this;
    }

    /** After a batch: stops the step when Salesforce reports the budget used up to the share, or the service stops. */
    void guard(PushStep step, String limitInfo) {
        ApiUsage usage = ApiUsage.parse(limitInfo);
        if (step.stoppedBy == null && usage != null && usage.share() >= budgetMaxShare) {
            step.stoppedBy = "stopped by the API budget guard: Salesforce reports api-usage=" + usage + ", at or above "
                    + "sfsync.salesforce.budget.max-share=" + budgetMaxShare + "; the changes not pushed stay open for "
                    + "the next cycle";
        }
        stopIfStopping(step);
    }

    /** Stops the step when the service is stopping; true when the step is stopped. */
    boolean stopIfStopping(PushStep step) {
        if (step.stoppedBy == null && stopping.getAsBoolean()) {
            step.stoppedBy = "stopped by shutdown after " + done(step.counts) + "; the changes not pushed stay open for "
                    + "the next cycle";
        }
        return step.stoppedBy != null;
    }

    /** {@code sfsync.push.bulk-threshold}: above this many rows a step sends them through Bulk API 2.0; 0: never. */
    public int bulkThreshold() {
        return bulkThreshold;
    }

    /** True for an object whose mapping pushes at least one field. */
    public boolean appliesTo(String object) {
        ObjectMapping m = mappings.get(object);
        return m != null && !pushedFields(m).isEmpty();
    }

    /** Opens the step (In Progress) and its connection. */
    public PushStep start(String cycleId, String object) throws SQLException {
        return open(cycleId, object, null, null);
    }

    /**
     * Opens a step that pushes only the target's row (a priority sync, or the replay of a dead letter), always through
     * collections.
     */
    public PushStep startFor(String cycleId, PrioritySync.Target target) throws SQLException {
        return open(cycleId, target.getObject(), Set.of(target.getRowId()), target.replayFor(operation()) == null ? null
                : target);
    }

    private PushStep open(String cycleId, String object, Set<Long> onlyRows, PrioritySync.Target replay)
            throws SQLException {
        ObjectMapping mapping = mappings.get(object);
        long stepId = stepLog.start(cycleId, object, operation());
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            PushStep step = new PushStep(this, cycleId, mapping, TableSchema.ofCycle(c, mapping.table()), stepId, c);
            step.onlyRows = onlyRows;
            step.replay = replay;
            started(step);
            if (onlyRows == null) {
                long rows = countToSend(step);
                if (rows >= 0) {
                    stepLog.expect(stepId, rows); // the step's progress in the status log
                }
                step.bulk = bulkThreshold > 0 && rows > bulkThreshold;
                if (step.bulk) {
                    LOG.info("{} {}: {} rows to send, above sfsync.push.bulk-threshold={}: using Bulk API 2.0 ingest",
                            mapping.object(), operation(), rows, bulkThreshold);
                }
            }
            return step;
        } catch (SQLException | RuntimeException e) {
            c.close();
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e));
            throw e;
        }
    }

    /** The next batch: records to retry first, then new rows; null when there is nothing left to send. */
    PushStep.Batch nextBatch(PushStep step) throws SQLException {
        if (step.stoppedBy != null) {
            return null;
        }
        // A Bulk API job can leave more records to send again than one call takes.
        List<PushStep.Candidate> first = step.retry.subList(0, Math.min(BATCH_SIZE, step.retry.size()));
        List<PushStep.Candidate> records = new ArrayList<>(first);
        first.clear();
        while (records.size() < BATCH_SIZE && !step.noMoreRows) {
            records.addAll(readCandidates(step, BATCH_SIZE - records.size()));
        }
        if (records.isEmpty()) {
            return null;
        }
        beforeSend(step, records);
        step.batchSent = false;
        return batch(step, records);
    }

    /** The request of a batch: {@code {"allOrNone": false, "records": [...]}} to the step's path and method. */
    PushStep.Batch batch(PushStep step, List<PushStep.Candidate> records) {
        List<Map<String, Object>> body = new ArrayList<>(records.size());
        for (PushStep.Candidate r : records) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("attributes", Map.of("type", step.mapping.object()));
            if (r.sfId != null) {
                rec.put("Id", r.sfId);
            }
            rec.putAll(r.fields);
            body.add(rec);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("allOrNone", false);
        request.put("records", body);
        try {
            return new PushStep.Batch(records, JSON.writeValueAsString(request), path(step), method(step));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the batch of " + step.mapping.object() + " as JSON", e);
        }
    }

    /** Applies Salesforce's results for the batch just sent, then commits its bookkeeping. */
    void applyResults(PushStep step, InputStream body) throws IOException, SQLException {
        List<PushStep.Candidate> sent = step.batch.records();
        List<CollectionResults.Result> results = CollectionResults.parse(body);
        if (results.size() != sent.size()) {
            throw new IOException("Salesforce answered " + results.size() + " results for a batch of " + sent.size()
                    + " " + step.mapping.object() + " records");
        }
        step.calls++;
        Connection c = step.connection;
        int ok = 0;
        int failed = 0;
        int maxAttempts = 0;
        for (int i = 0; i < sent.size(); i++) {
            PushStep.Candidate r = sent.get(i);
            CollectionResults.Result result = results.get(i);
            String gone = result.success() ? null : nothingLeftToDo(result);
            if (result.success()) {
                succeeded(step, r, result);
                step.books().close(r, ChangeLog.PUSHED, step.getStepId(), null);
                if (replaying(step, r)) {
                    // the replayed dead letter closes on the transaction of the record's bookkeeping
                    step.replay.replayed = DeadLetterStore.replayed(c, step.replay.replayOf.id());
                }
                ok++;
            } else if (RETRIED.contains(result.errorCode()) && r.attempts < maxRetries) {
                r.attempts++;
                maxAttempts = Math.max(maxAttempts, r.attempts);
                step.retry.add(r);
            } else if (gone != null) {
                step.books().close(r, ChangeLog.SUPERSEDED, step.getStepId(), gone + " (" + result.errorText() + ")");
                step.skip(gone);
                if (replaying(step, r)) {
                    // what the replay wanted is done already (the record is gone)
                    step.replay.replayed = DeadLetterStore.replayed(c, step.replay.replayOf.id());
                }
            } else {
                deadLetter(step, r, result.errorCode(), result.errorText());
                failed++;
            }
        }
        commitCounts(step, ok, failed);
        step.batch = null;
        step.batchSent = false;
        step.retryDelayMs = maxAttempts == 0 ? 0
                : Math.min(maxDelayMs, initialDelayMs * (1L << Math.min(20, maxAttempts - 1)));
        if (!step.retry.isEmpty()) {
            LOG.warn("{} {}: {} record(s) locked in Salesforce; sending them again in {} ms", step.mapping.object(),
                    operation(), step.retry.size(), step.retryDelayMs);
        }
    }

    /**
     * A refusal that means there is nothing left to do for the record (Push Deletes: it is deleted already): the
     * reason, counted as skipped and named in the step's message, its entries closed {@code Superseded}; null for a
     * refusal that makes the record a dead letter.
     */
    String nothingLeftToDo(CollectionResults.Result result) {
        return null;
    }

    /** These counts plus {@code ok} records Salesforce took: Push New counts them created, Push Updates updated. */
    StepCounts plus(StepCounts counts, int ok, int failed, int skipped) {
        return created() ? counts.plus(ok, 0, 0, failed, skipped) : counts.plus(0, ok, 0, failed, skipped);
    }

    /** What the step did with the records Salesforce took, for the log: "3 created". */
    String done(StepCounts n) {
        return created() ? n.created() + " created" : n.updated() + " updated";
    }

    /** Adds a batch's counts (and the records failed or skipped without a call) and commits them with its writes. */
    void commitCounts(PushStep step, int ok, int failed) throws SQLException {
        StepCounts counts = plus(step.counts, ok, failed + step.uncommittedFailed, step.uncommittedSkipped);
        step.books().run();
        stepLog.progress(step.connection, step.getStepId(), counts);
        step.connection.commit();
        step.counts = counts;
        step.uncommittedFailed = 0;
        step.uncommittedSkipped = 0;
    }

    /** True when the record is the row of the dead letter the step replays. */
    static boolean replaying(PushStep step, PushStep.Candidate r) {
        return step.replay != null && step.replay.getRowId() == r.rowId;
    }

    /** Push New counts created records, Push Updates updated ones. */
    abstract boolean created();

    /** Sends one record to the dead-letter store and closes its change-log entries as Failed. */
    void deadLetter(PushStep step, PushStep.Candidate r, String code, String message) throws SQLException {
        String attempts = r.attempts == 0 ? "" : " (after " + (r.attempts + 1) + " attempts)";
        // Salesforce's error texts start with their code already
        String coded = message.startsWith(code) ? message : code + ": " + message;
        if (replaying(step, r)) {
            // refused again: the replayed dead letter stays New and counts the attempt; no second one is added
            step.replay.replayError = coded + attempts;
            ChangeLog.close(step.connection, step.mapping.table(), r.rowId, r.lastChangeId, ChangeLog.FAILED,
                    step.getStepId(), coded);
            LOG.warn("{} {}: record {} refused again on replay: {}", step.mapping.object(), operation(),
                    recordId(step, r), message);
            return;
        }
        DeadLetterStore.add(step.connection, step.cycleId(), step.getStepId(), step.mapping.object(), operation(),
                new DeadLetterStore.Entry(recordId(step, r), code, message + attempts, payload(step, r)));
        ChangeLog.close(step.connection, step.mapping.table(), r.rowId, r.lastChangeId, ChangeLog.FAILED,
                step.getStepId(), coded);
        step.deadLetters++;
        LOG.warn("{} {}: record {} not pushed: {}", step.mapping.object(), operation(), recordId(step, r), message);
    }

    /** Closes the step: Completed with its counts. */
    void complete(PushStep step) throws SQLException {
        PushBulk.forgetJob(step);
        try (Connection c = step.connection) {
            commitCounts(step, 0, 0);
        }
        List<String> said = new ArrayList<>();
        if (step.stoppedBy != null) {
            said.add(step.stoppedBy);
        }
        said.addAll(step.notes);
        StepStatus status = step.stoppedBy == null ? StepStatus.COMPLETED : StepStatus.INCOMPLETE;
        stepLog.finish(step.getStepId(), status, step.counts, said.isEmpty() ? null : String.join("; ", said));
        StepCounts n = step.counts;
        LOG.info("{} {}: {}: {}, {} failed, {} skipped in {} call(s){}", step.mapping.object(), operation(),
                status.label(), done(n), n.failed(), n.skipped(), step.calls,
                step.stoppedBy == null ? "" : " (" + step.stoppedBy + ")");
    }

    /**
     * Closes a step that failed as a whole: Failed, with the counts of the batches Salesforce took (they cannot be
     * undone); the changes not pushed stay open for the next cycle.
     */
    void fail(PushStep step, Exception cause) throws SQLException {
        String message = ErrorText.describe(cause);
        PushBulk.forgetJob(step);
        try (Connection c = step.connection) {
            c.rollback();
        }
        stepLog.finish(step.getStepId(), StepStatus.FAILED, step.counts, message + " (the batches Salesforce took are "
                + "kept; the changes not pushed stay open for the next cycle)");
        LOG.error("{} {}: Failed: {}", step.mapping.object(), operation(), message);
    }

    /** A record as sent, for the dead-letter store. */
    private static String payload(PushStep step, PushStep.Candidate r) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("attributes", Map.of("type", step.mapping.object()));
        if (r.sfId != null) {
            rec.put("Id", r.sfId);
        }
        rec.putAll(r.fields);
        rec.put("sfsyncRow", step.mapping.table() + "." + r.rowId);
        try {
            return JSON.writeValueAsString(rec);
        } catch (JsonProcessingException e) {
            return String.valueOf(rec);
        }
    }

    /** The mapping's fields a push sends: direction both or push. */
    static List<FieldMapping> pushedFields(ObjectMapping m) {
        List<FieldMapping> out = new ArrayList<>();
        for (FieldMapping f : m.fields()) {
            if (f.direction().pushes()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The Salesforce fields of {@code fields} from a row's values (column name lower case → value); null when one
     * value has no Salesforce form, with the reason in {@code why[0]}, or when a strict value map ({@code values}) does
     * not list it, with the reason in {@code why[1]} (the row is skipped, not refused).
     */
    static Map<String, Object> salesforceFields(ObjectMapping m, Collection<FieldMapping> fields, Map<String, Object> row,
                                                String[] why) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldMapping f : fields) {
            try {
                out.put(f.sf(), PushValues.toSalesforce(f, row.get(f.column().toLowerCase(Locale.ROOT)), m.displayFile()));
            } catch (PushValues.NotSynced e) {
                why[1] = e.getMessage();
                return null;
            } catch (PushValues.Unmappable e) {
                why[0] = e.getMessage();
                return null;
            }
        }
        return out;
    }

    /**
     * A row {@link #salesforceFields} gave no fields for: skipped when a strict value map does not list one of its
     * values (its changes closed as Superseded with the reason), else refused locally (a dead letter).
     */
    static void notSent(PushStep step, PushStep.Candidate record, String[] why) throws SQLException {
        if (why[1] == null) {
            step.refuseLocally(record, why[0]);
            return;
        }
        ChangeLog.close(step.connection, step.mapping.table(), record.rowId, record.lastChangeId, ChangeLog.SUPERSEDED,
                step.getStepId(), why[1]);
        step.skip(why[1]);
    }

    /** Reads rows by id: column name (lower case) → value, for the given columns plus id. */
    static Map<Long, Map<String, Object>> loadRows(Connection c, String table, Collection<String> columns, List<Long> ids)
            throws SQLException {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder("SELECT id");
        for (String col : columns) {
            sql.append(", ").append(col);
        }
        sql.append(" FROM ").append(table).append(" WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    int i = 2;
                    for (String col : columns) {
                        row.put(col.toLowerCase(Locale.ROOT), rs.getObject(i++));
                    }
                    out.put(rs.getLong(1), row);
                }
            }
        }
        return out;
    }

    String collectionsPath() {
        return "/services/data/v" + apiVersion + "/composite/sobjects";
    }
}
