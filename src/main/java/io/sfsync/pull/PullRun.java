package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.cycle.SyncStep;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.RecordWriter;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one Pull Updates step while the route pages through Salesforce. It holds the
 * step's database transaction: an incremental step commits once at the end (or rolls back
 * as a whole); a first pull commits page by page so a long initial load can resume.
 */
public final class PullRun extends SyncStep {
    private static final int SHOWN_IDS = 3;
    private final PullUpdates owner;
    final ObjectMapping mapping;
    final RecordWriter writer;
    final String soql;
    final Connection connection;
    /**
     * The step's counts as committed (a first pull) or as written on the step's transaction (an incremental step):
     * a page's counts are added only after its commit, so a failed commit is never counted.
     */
    volatile StepCounts counts = new StepCounts();
    final long startedNanos = System.nanoTime();
    final boolean firstPull;
    Watermark watermark;
    String nextRecordsUrl;
    long totalSize = -1;
    int pages;
    /** Set when the API budget guard (or, on a first pull, a shutdown) stopped the step early. */
    String stoppedBy;
    /** The service is stopping: the step ends after the page being read, as Incomplete or Rolled back. */
    boolean stoppedByShutdown;
    /** A first pull large enough for Bulk API 2.0: its COUNT() query, then the job's state. */
    String countSoql;
    boolean bulk;
    String bulkSoql;
    String bulkJobId;
    boolean bulkJobDone;
    String bulkLocator;
    Watermark bulkMax;
    /** The table held none of the object's records when the job started: its rows are inserted without look-ups. */
    boolean bulkAllNew;
    /** The query job was started by an earlier first pull that stopped midway; this one reads on. */
    boolean bulkResumed;
    /** Conflicts decided so far, by winner (written with their pages). */
    int conflictsLocalWon;
    int conflictsSalesforceWon;
    /** With the mapping's external-id: this database's key, to recognise records Push New created. */
    String databaseKey;
    /** Records skipped because a strict value map does not list one of their values: how many, by reason. */
    final Map<String, Integer> unsyncedCount = new LinkedHashMap<>();
    /** ... and the first few of their ids, by reason, for the step's message. */
    final Map<String, List<String>> unsyncedIds = new LinkedHashMap<>();
    /** With first-pull-window-hours: the enabling moment this first pull recorded (for the step's message), else null. */
    String enabledNote;
    /** Writes the pages while the next one is fetched; null until the first page. */
    WriteBehind writeBehind;
    /** A Bulk first pull's pages streaming into one COPY, not committed yet; null between two such COPYs. */
    RecordWriter.NewRows newRows;
    /** The locator the first page of {@link #newRows} was read with (null: the job's first page). */
    String newRowsFrom;
    /** {@link #pages} before the first page of {@link #newRows}. */
    int newRowsAfterPage;
    /** What the pages of {@link #newRows} did, applied when it is committed. */
    final List<RecordWriter.PageCounts> newRowsCounts = new ArrayList<>();
    /** The server refused a row of {@link #newRows}: its pages are read again from {@link #newRowsFrom}. */
    boolean rereadNewRows;
    /** Pages up to this one ({@link #pages}) are written one COPY each, after a refused one. */
    int onePageCopiesUntil;

    PullRun(PullUpdates owner, String cycleId, ObjectMapping mapping, RecordWriter writer, long stepId,
            Watermark watermark, String soql, Connection connection) {
        super(cycleId, mapping.object(), PullUpdates.OPERATION, stepId);
        this.owner = owner;
        this.mapping = mapping;
        this.writer = writer;
        this.watermark = watermark;
        this.firstPull = watermark == null;
        this.soql = soql;
        this.connection = connection;
    }

    /** Adds a page's records skipped for a value no strict value map lists. */
    void noteUnsynced(Map<String, List<String>> page) {
        page.forEach((why, ids) -> {
            unsyncedCount.merge(why, ids.size(), Integer::sum);
            List<String> shown = unsyncedIds.computeIfAbsent(why, k -> new ArrayList<>());
            for (String id : ids) {
                if (shown.size() < SHOWN_IDS) {
                    shown.add(id);
                }
            }
        });
    }

    /**
     * "skipped 2 Task record(s): Status 'In Progress' has no local value in mappings/task.yaml values (00T..., 00T...)",
     * one such part per reason joined by "; ", or null when none was skipped so.
     */
    String unsyncedText() {
        if (unsyncedCount.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        unsyncedCount.forEach((why, n) -> {
            List<String> ids = unsyncedIds.get(why);
            parts.add("skipped " + n + " " + mapping.object() + " record(s): " + why + " (" + String.join(", ", ids)
                    + (n > ids.size() ? ", ..." : "") + ")");
        });
        return String.join("; ", parts);
    }

    WriteBehind writeBehind() {
        if (writeBehind == null) {
            writeBehind = new WriteBehind(mapping.object());
        }
        return writeBehind;
    }

    /** The SOQL of the first page. */
    @Override
    public String getSoql() {
        return soql;
    }

    /** The query of the first page, or the COUNT() query of a first pull that chooses between pages and a Bulk job. */
    @Override
    public String getFirstRead() {
        return FirstReads.query(countSoql == null ? soql : countSoql);
    }

    /** Records that failed are counted once their page committed (a first pull) or were written (incremental). */
    @Override
    public boolean isHasDeadLetters() {
        return counts.failed() > 0;
    }

    @Override
    public String getNextPage() {
        return nextRecordsUrl;
    }

    @Override
    protected void readPage(InputStream body, String limitInfo) throws IOException, SQLException {
        owner.applyPage(this, body, limitInfo);
    }

    @Override
    public void complete() throws IOException, SQLException {
        owner.complete(this);
    }

    @Override
    public void fail(Exception cause) throws SQLException {
        owner.fail(this, cause);
    }

    /** {@code SELECT COUNT() ...} when the step must first decide between REST pages and a Bulk API job, else null. */
    public String getCountSoql() {
        return countSoql;
    }

    public boolean isBulk() {
        return bulk;
    }

    /** A first pull whose COUNT() found no record: no page to ask for. */
    public boolean isNothingToRead() {
        return countSoql != null && totalSize == 0;
    }

    public String getBulkJobId() {
        return bulkJobId;
    }

    /** True while the Bulk API query job is still running. */
    public boolean isBulkJobRunning() {
        return bulk && !bulkJobDone;
    }

    /** The locator of the next results page: null for the first, then Salesforce's (literally "null" after the last). */
    public String getBulkLocator() {
        return bulkLocator;
    }

    /** True while results pages remain to be read. */
    public boolean isBulkResultsLeft() {
        return !"null".equals(bulkLocator) && stoppedBy == null && !stoppedByShutdown;
    }

    public StepCounts counts() {
        return counts;
    }
}
