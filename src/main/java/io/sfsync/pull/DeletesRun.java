package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.cycle.SyncStep;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.status.StepCounts;
import io.sfsync.store.LocalDeletes;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The state of one Pull Deletes step while the route talks to Salesforce. It holds the step's
 * database transaction: the step commits once at the end or rolls back as a whole.
 */
public final class DeletesRun extends SyncStep {

    /** What the step does this time. */
    enum Mode {
        /** No watermark yet: the step only sets it. */
        FIRST,
        /** Less than a minute since the watermark: Salesforce cannot answer for so short a window yet. */
        TOO_SOON,
        /** Reads the delete log (getDeleted) from the watermark on. */
        DELETE_LOG,
        /** The delete log no longer reaches the watermark: every id is compared instead. */
        RECONCILE
    }

    private final PullDeletes owner;
    final ObjectMapping mapping;
    final LocalDeletes deletes;
    final Connection connection;
    final StepCounts counts = new StepCounts();
    final OffsetDateTime watermark;
    final OffsetDateTime end;
    final String deletedPath;
    Mode mode;
    /** Why the delete log could not be used, when the step re-reconciles. */
    String missedWindow;
    OffsetDateTime reconcileStartedAt;
    long idsRead;
    /** Said in the step's message when it completes reading the delete log (a first run reaching 15 days back). */
    String note;
    String nextRecordsUrl;

    DeletesRun(PullDeletes owner, String cycleId, ObjectMapping mapping, LocalDeletes deletes, long stepId,
               Connection connection, OffsetDateTime watermark, OffsetDateTime end, String deletedPath) {
        super(cycleId, mapping.object(), PullDeletes.OPERATION, stepId);
        this.owner = owner;
        this.mapping = mapping;
        this.deletes = deletes;
        this.connection = connection;
        this.watermark = watermark;
        this.end = end;
        this.deletedPath = deletedPath;
    }

    /** True when the route is to call getDeleted. */
    public boolean isReadingDeleteLog() {
        return mode == Mode.DELETE_LOG;
    }

    /** True when the route is to page through every Salesforce id of the object. */
    public boolean isReconciling() {
        return mode == Mode.RECONCILE;
    }

    /** The raw path of getDeleted for this object. */
    public String getDeletedPath() {
        return deletedPath;
    }

    /** getDeleted's start: the watermark (UTC, ISO-8601). */
    public String getStart() {
        return PullDeletes.isoUtc(watermark);
    }

    /** getDeleted's end: now (UTC, ISO-8601). */
    public String getEnd() {
        return PullDeletes.isoUtc(end);
    }

    /** getDeleted from the watermark when the step reads the delete log; a re-reconciliation's pages are not read ahead. */
    @Override
    public String getFirstRead() {
        return mode == Mode.DELETE_LOG ? FirstReads.deleted(getStart()) : null;
    }

    /** The SOQL of a re-reconciliation: every live record's Id. */
    @Override
    public String getSoql() {
        return "SELECT Id FROM " + mapping.object();
    }

    /** The relative URL of the next page of ids, or null when there is none. */
    @Override
    public String getNextPage() {
        return nextRecordsUrl;
    }

    /** A page of Salesforce ids of a re-reconciliation. */
    @Override
    protected void readPage(InputStream body, String limitInfo) throws IOException, SQLException {
        owner.stageIds(this, body);
    }

    @Override
    public void complete() throws SQLException {
        owner.complete(this);
    }

    @Override
    public void fail(Exception cause) throws SQLException {
        owner.fail(this, cause);
    }

    public StepCounts counts() {
        return counts;
    }
}
