package io.sfsync.push;

import io.sfsync.cycle.SyncStep;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.status.StepCounts;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import io.sfsync.store.TableSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Push New, Push Updates or Push Deletes step of one object while the route sends its batches (sObject
 * Collections, up to 200 records a call). It holds the step's database connection; each batch's bookkeeping (ids written back, change-log
 * entries closed, dead letters) commits once Salesforce has answered for it, so a step that fails midway keeps what
 * Salesforce took and leaves the rest open for the next cycle. A step with more rows than
 * {@code sfsync.push.bulk-threshold} sends them through Bulk API 2.0 ingest jobs instead ({@link PushBulk}).
 */
public final class PushStep extends SyncStep {

    /** One local row to send: its Salesforce fields, and the change-log entries the push closes. */
    static final class Candidate {
        final long rowId;
        final long lastChangeId;
        final String sfId;
        final Map<String, Object> fields;
        int attempts;

        Candidate(long rowId, long lastChangeId, String sfId, Map<String, Object> fields) {
            this.rowId = rowId;
            this.lastChangeId = lastChangeId;
            this.sfId = sfId;
            this.fields = fields;
        }
    }

    /**
     * A batch on its way: what was sent, in order, so that Salesforce's results can be matched to the rows. {@code ids}:
     * for a delete, the comma-separated Salesforce ids (the {@code ids} query parameter; the body is then null).
     */
    record Batch(List<Candidate> records, String body, String path, String method, String ids) {
        Batch(List<Candidate> records, String body, String path, String method) {
            this(records, body, path, method, null);
        }
    }

    private final Pusher owner;
    final ObjectMapping mapping;
    final TableSchema table;
    final Connection connection;
    /** Counts of the batches committed so far. */
    volatile StepCounts counts = new StepCounts();
    long afterRowId = Long.MIN_VALUE;
    /** A priority sync pushes only these rows; null: every row with something to push. */
    Set<Long> onlyRows;
    /** A dead-letter replay of this step's operation: its row's outcome closes or keeps the dead letter. */
    PrioritySync.Target replay;
    /** Push New: what a new row must meet to be created (set when the step starts). */
    NewRowRules newRowRules;
    /** Push New with an external id: this database's key, part of each row's sfsync key. */
    String databaseKey;
    boolean noMoreRows;
    Batch batch;
    /** The batch was handed to the route to send and has no answer yet. */
    boolean batchSent;
    final List<Candidate> retry = new ArrayList<>();
    long retryDelayMs;
    int deadLetters;
    int calls;
    /** Records failed or skipped without a call since the last commit: counted with the next one. */
    int uncommittedFailed;
    int uncommittedSkipped;
    /** Why the step stopped before it sent everything (budget guard, shutdown); null while it goes on. */
    String stoppedBy;
    /** Why records were skipped, for the step's message: each reason once. */
    final Set<String> notes = new LinkedHashSet<>();
    /** More rows to send than {@code sfsync.push.bulk-threshold}: they go through Bulk API 2.0 ingest jobs. */
    boolean bulk;
    /** The ingest job under way; null between jobs. */
    PushBulk.IngestJob bulkJob;
    /** Rows read from the database that did not fit in the last job: the next one starts with them. */
    final Deque<Candidate> bulkCarry = new ArrayDeque<>();
    /** Records of the job's results applied since the last commit. */
    int bulkOk;
    int bulkFailed;
    int bulkJobs;
    private Bookkeeping books;

    PushStep(Pusher owner, String cycleId, ObjectMapping mapping, TableSchema table, long stepId, Connection connection) {
        super(cycleId, mapping.object(), owner.operation(), stepId);
        this.owner = owner;
        this.mapping = mapping;
        this.table = table;
        this.connection = connection;
    }

    Pusher owner() {
        return owner;
    }

    /** The batched writes of the records Salesforce answered; sent by {@link Pusher#commitCounts}. */
    Bookkeeping books() {
        if (books == null) {
            books = new Bookkeeping(connection, mapping);
        }
        return books;
    }

    boolean tableHas(String column) {
        return table.has(column);
    }

    /** A record not sent: counted as skipped, its reason named in the step's message. */
    void skip(String reason) {
        uncommittedSkipped++;
        notes.add("skipped: " + reason);
    }

    /** A record not sent because one of its values has no Salesforce form: a dead letter, counted as failed. */
    void refuseLocally(Candidate record, String reason) throws SQLException {
        owner.deadLetter(this, record, "LOCAL_VALUE_UNMAPPABLE", reason);
        uncommittedFailed++;
    }

    /** True while a batch is ready to send; reads the next rows from the database when none is. */
    public boolean isHasNextBatch() throws SQLException {
        if (batch == null) {
            batch = owner.nextBatch(this);
        } else if (batchSent) {
            owner.resending(this);
        }
        return batch != null;
    }

    /** The JSON of the batch to send: {@code {"allOrNone": false, "records": [...]}}; null for a delete. */
    public String getBatchBody() {
        batchSent = true;
        return batch.body();
    }

    /** The collections resource to send the batch to, e.g. {@code /services/data/v62.0/composite/sobjects}. */
    public String getBatchPath() {
        return batch.path();
    }

    /** POST (create), PATCH (update, or upsert by external id), DELETE. */
    public String getBatchMethod() {
        return batch.method();
    }

    /**
     * A delete's Salesforce ids, comma-separated, sent as the query parameter {@code ids} (with {@code allOrNone=false});
     * null for a batch whose records go in the body.
     */
    public String getBatchIds() {
        return batch.ids();
    }

    /** How long to wait before the next batch: records Salesforce could not lock are sent again after a pause. */
    public long getRetryDelayMs() {
        return retryDelayMs;
    }

    /** True when the step sends its rows through Bulk API 2.0 ingest jobs instead of sObject Collections. */
    public boolean isBulk() {
        return bulk;
    }

    /** True while an ingest job is under way; prepares the next one (its CSV) when none is and rows are left. */
    public boolean isBulkJobLeft() throws SQLException, IOException {
        return PushBulk.jobLeft(this);
    }

    /** The job under way has no Salesforce job yet (or must get a new one: its upload's answer was lost). */
    public boolean isBulkJobToCreate() {
        return PushBulk.jobToCreate(this);
    }

    public String getBulkJobId() {
        return bulkJob == null ? null : bulkJob.id;
    }

    public boolean isBulkUploadPending() {
        return bulkJob != null && bulkJob.id != null && !bulkJob.uploaded;
    }

    public boolean isBulkClosePending() {
        return bulkJob != null && bulkJob.uploaded && !bulkJob.closed;
    }

    /** The job is closed and Salesforce has not finished it. */
    public boolean isBulkJobRunning() {
        return bulkJob != null && bulkJob.closed && !bulkJob.done;
    }

    public boolean isBulkSuccessPending() {
        return bulkJob != null && bulkJob.done && !bulkJob.successRead;
    }

    public boolean isBulkFailedPending() {
        return bulkJob != null && bulkJob.successRead;
    }

    @Override
    public boolean isHasDeadLetters() {
        return deadLetters > 0;
    }

    /** Salesforce's answer for the batch just sent. */
    @Override
    protected void readPage(InputStream body, String limitInfo) throws IOException, SQLException {
        owner.applyResults(this, body);
        owner.guard(this, limitInfo);
    }

    @Override
    public void complete() throws SQLException {
        owner.complete(this);
    }

    @Override
    public void fail(Exception cause) throws SQLException {
        owner.fail(this, cause);
    }
}
