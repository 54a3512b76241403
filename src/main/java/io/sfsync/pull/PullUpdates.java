package io.sfsync.pull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.ApiUsage;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.PullQuery;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.SalesforceErrors;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.ChangeLog;
import io.sfsync.store.ColumnValues;
import io.sfsync.store.ConflictStore;
import io.sfsync.store.CreatedRecords;
import io.sfsync.store.ObjectEnabling;
import io.sfsync.store.RecordWriter;
import io.sfsync.store.SyncKeys;
import io.sfsync.store.TableSchema;
import io.sfsync.store.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull Updates (requirement S2): the bean behind {@code routes/pull/pull-updates.camel.yaml}.
 * The route fetches pages through camel-salesforce; this bean writes them with the watermark
 * on the step's transaction.
 * <ul>
 * <li>An incremental step is one transaction: it completes as a whole or is Rolled back (L2),
 *     keeping its watermark, so the next cycle reads the same changes again.</li>
 * <li>A first pull commits page by page (rows and watermark together), so a long initial load
 *     that fails resumes where it stopped instead of starting over.</li>
 * <li>A first pull above {@code sfsync.pull.bulk-threshold} reads a Bulk API 2.0 query job ({@link PullUpdatesBulk}).</li>
 * <li>Pages are written by a {@link WriteBehind} thread while the route fetches the next one.</li>
 * <li>A record that cannot be written goes to the dead-letter store on the same transaction
 *     and is counted as failed; the step goes on (D1).</li>
 * <li>When Salesforce reports API usage at or above {@code sfsync.salesforce.budget.max-share}
 *     of the daily limit, the step stops after the current page, commits, and is recorded as
 *     Incomplete; the next cycle resumes from its watermark.</li>
 * <li>When the service stops (SIGTERM), the step ends at its next page boundary, as on any other stop: a first
 *     pull commits what it wrote and is Incomplete, an incremental step is Rolled back with its watermark kept.</li>
 * </ul>
 */
public final class PullUpdates {

    public static final String OPERATION = "Pull Updates";
    private static final Logger LOG = LoggerFactory.getLogger(PullUpdates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;
    private final SyncSchema schema;
    private final double budgetMaxShare;
    private final int bulkThreshold;
    private final BooleanSupplier stopping;
    private final SyncKeys syncKeys;
    private volatile Clock clock = Clock.systemUTC();

    /**
     * @param bulkThreshold a first pull of more records than this uses a Bulk API 2.0 query
     *                      job instead of REST pages; 0 never does
     * @param stopping      true once the service is stopping: the step ends at its next page boundary
     * @param syncKeys      this database's sfsync keys, to recognise records Push New created
     */
    public PullUpdates(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, SyncSchema schema,
                       double budgetMaxShare, int bulkThreshold, BooleanSupplier stopping, SyncKeys syncKeys) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
        this.schema = schema;
        this.budgetMaxShare = budgetMaxShare;
        this.bulkThreshold = bulkThreshold;
        this.stopping = stopping;
        this.syncKeys = syncKeys;
    }

    /**
     * The clock a first pull's window (first-pull-window-hours) is measured from: this host's, which must follow
     * Salesforce's (as Pull Deletes'). Tests that move the emulator's clock move this one with it.
     */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    int bulkThreshold() {
        return bulkThreshold;
    }

    StepLog stepLog() {
        return stepLog;
    }

    /** Opens the step (In Progress) and its transaction, and prepares the query from the stored watermark. */
    public PullRun start(String cycleId, String object) throws SQLException {
        ObjectMapping configured = mappings.get(object);
        if (configured == null) {
            throw new IllegalArgumentException("no mapping file maps object '" + object + "'");
        }
        long stepId = stepLog.start(cycleId, object, OPERATION);
        Connection c = dataSource.getConnection();
        try {
            if (configured.skipWhen() != null && !schema.readable(object, configured.skipWhen().field())) {
                throw new IllegalStateException("the sync filter field " + object + "." + configured.skipWhen().field()
                        + " (skip-when in " + configured.displayFile() + ") is not readable for the sync user; " + object
                        + " is not pulled until it is, so that filtered records are not synced");
            }
            // Fields the sync user can no longer read are left out rather than failing every cycle.
            ObjectMapping mapping = configured.withoutFields(schema.unreadableFields(configured));
            Watermark since = WatermarkStore.read(c, object);
            String enabledNote = null;
            if (since == null && mapping.recordsEnabling()) {
                // recorded at once (autocommit): the moment stays that of the first attempt, whatever this step does
                OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                Integer hours = mapping.firstPullWindowHours();
                ObjectEnabling enabled = ObjectEnabling.record(c, object,
                        new ObjectEnabling(now, hours == null ? null : now.minusHours(hours)));
                enabledNote = object + " sync enabled at " + PullDeletes.isoUtc(enabled.enabledAt());
                if (enabled.windowFrom() != null) {
                    // the window's start as a watermark with no id: SystemModstamp >= it
                    since = new Watermark(enabled.windowFrom(), "");
                    enabledNote += "; first pull: records changed since " + PullDeletes.isoUtc(enabled.windowFrom())
                            + " (first-pull-window-hours: " + hours + " in " + mapping.displayFile() + ")";
                }
            }
            c.setAutoCommit(false);
            if (since != null && "".equals(since.lastId())) {
                WatermarkStore.save(c, object, since); // the next cycle goes on from the window, not from the beginning
            }
            RecordWriter writer = new RecordWriter(mapping, TableSchema.ofCycle(c, mapping.table()), schema.formulaColumns(mapping));
            String soql = query(mapping, since);
            LOG.info("{} {}: reading changes {}", object, OPERATION,
                    since == null ? "from the beginning (first pull)" : "after " + since.systemModstamp() + " / " + since.lastId());
            PullRun run = new PullRun(this, cycleId, mapping, writer, stepId, since, soql, c);
            run.enabledNote = enabledNote;
            if (mapping.externalId() != null) {
                run.databaseKey = syncKeys.databaseKey(c);
            }
            if (since == null && bulkThreshold > 0) {
                run.countSoql = PullQuery.count(object, mapping.soqlWhere());
                run.bulkSoql = PullQuery.bulk(object, mapping.pullSelectFields(), mapping.soqlWhere());
            }
            return run;
        } catch (SQLException | RuntimeException e) {
            c.close();
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e));
            throw e;
        }
    }

    /**
     * The first query of the object's next Pull Updates ({@code soql}), and whether it reads on from a watermark
     * ({@code fromWatermark}).
     */
    public record NextQuery(String soql, boolean fromWatermark) {
    }

    /**
     * The first query of the object's next Pull Updates, as {@link #start} builds it: what the cycle's composite read
     * asks ahead ({@code cycleReads}). From a watermark, the change query; for a first pull, its {@code COUNT()} query
     * (or, with no Bulk threshold, its first page). Null when the step will ask otherwise: a first pull that records
     * its enabling moment with a window (first-pull-window-hours), or an unreadable sync filter field (it fails).
     */
    public NextQuery nextQuery(String object) throws SQLException {
        ObjectMapping configured = mappings.get(object);
        if (configured == null || (configured.skipWhen() != null && !schema.readable(object, configured.skipWhen().field()))) {
            return null;
        }
        ObjectMapping mapping = configured.withoutFields(schema.unreadableFields(configured));
        Watermark since;
        try (Connection c = dataSource.getConnection()) {
            since = WatermarkStore.read(c, object);
        }
        if (since != null) {
            return new NextQuery(query(mapping, since), true);
        }
        if (mapping.recordsEnabling() && mapping.firstPullWindowHours() != null) {
            return null;
        }
        return new NextQuery(bulkThreshold > 0 ? PullQuery.count(object, mapping.soqlWhere()) : query(mapping, null),
                false);
    }

    private static String query(ObjectMapping mapping, Watermark since) {
        return PullQuery.build(mapping.object(), mapping.pullSelectFields(), mapping.soqlWhere(), since);
    }

    /**
     * Applies one page on the step's transaction; {@code limitInfo} is the page's
     * {@code Sforce-Limit-Info} header.
     */
    void applyPage(PullRun run, InputStream body, String limitInfo) throws IOException, SQLException {
        QueryPage page = QueryPage.parse(body);
        if (run.totalSize < 0) {
            expect(run, page.totalSize());
        }
        run.nextRecordsUrl = page.done() ? null : page.nextRecordsUrl();
        run.writeBehind().await(); // the page before is written: a stop asked for meanwhile is seen below
        if (guardBudget(run, limitInfo, run.nextRecordsUrl != null) || guardShutdown(run, run.nextRecordsUrl != null)) {
            run.nextRecordsUrl = null;
        }
        boolean more = run.nextRecordsUrl != null;
        run.writeBehind().submit(() -> writePage(run, page.records(), more));
    }

    /**
     * The number of records the step's query matches: the step's expected count in the status log (its progress). Set
     * before the first page is written, so the step's transaction holds no lock on its row yet.
     */
    void expect(PullRun run, long total) throws SQLException {
        run.totalSize = total;
        stepLog.expect(run.getStepId(), total);
    }

    private void writePage(PullRun run, List<Map<String, Object>> records, boolean more) throws SQLException {
        run.pages++;
        Connection c = run.connection;
        CreatedRecords.link(c, run.mapping, run.databaseKey, records);
        RecordWriter.PageCounts pc = run.writer.write(c, records, false, localChanges(run, records));
        deadLetters(run, pc);
        run.noteUnsynced(pc.unsynced());
        conflicts(run, pc);
        Watermark last = lastOf(records);
        if (last != null && last.isAfter(run.watermark)) {
            WatermarkStore.save(c, run.mapping.object(), last);
            run.watermark = last;
        }
        StepCounts counts = run.counts.plus(pc.created(), pc.updated(), 0, pc.failed().size(), pc.skipped());
        stepLog.progress(c, run.getStepId(), counts);
        if (run.firstPull) {
            c.commit();
        }
        run.counts = counts;
        logProgress(run, more);
    }

    void deadLetters(PullRun run, RecordWriter.PageCounts pc) throws SQLException {
        for (RecordWriter.Failure f : pc.failed()) {
            DeadLetterStore.add(run.connection, run.cycleId(), run.getStepId(), run.mapping.object(), OPERATION,
                    new DeadLetterStore.Entry(f.id(), f.errorCode(), f.message(), payload(f.record())));
        }
    }

    /** The open local changes of the page's rows (none to look up, the usual case, costs one small query). */
    private static Map<String, ChangeLog.RowChanges> localChanges(PullRun run, List<Map<String, Object>> records)
            throws SQLException {
        if (records.isEmpty() || !ChangeLog.anyOpenUpdate(run.connection, run.mapping.table())) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>(records.size());
        records.forEach(r -> ids.add((String) r.get("Id")));
        return ChangeLog.openUpdates(run.connection, run.mapping.table(), run.mapping.idColumn(), ids);
    }

    /**
     * Records the page's conflicts with the value that lost; a column Salesforce's value won leaves the open local
     * changes, so it is not pushed.
     */
    private void conflicts(PullRun run, RecordWriter.PageCounts pc) throws SQLException {
        Map<Long, Set<String>> lost = new HashMap<>();
        for (RecordWriter.Conflict conflict : pc.conflicts()) {
            ConflictStore.add(run.connection, run.cycleId(), run.getStepId(), run.mapping.object(), run.mapping.table(),
                    run.mapping.fieldOf(conflict.column()), conflict, run.mapping.conflict().yamlName());
            if (conflict.localWins()) {
                run.conflictsLocalWon++;
            } else {
                run.conflictsSalesforceWon++;
                lost.computeIfAbsent(conflict.rowId(), k -> new HashSet<>()).add(conflict.column());
            }
            LOG.warn("{} {}: conflict on {} {}: changed locally and in Salesforce; {} wins ({})", run.mapping.object(),
                    OPERATION, conflict.sfId(), conflict.column(), conflict.localWins() ? "the local value" : "Salesforce's value",
                    run.mapping.conflict().yamlName());
        }
        for (Map.Entry<Long, Set<String>> e : lost.entrySet()) {
            ChangeLog.dropColumns(run.connection, run.mapping.table(), e.getKey(), e.getValue(), run.getStepId());
        }
    }

    /**
     * Stops the step after this page when more pages remain and Salesforce reports the API
     * budget used up to the configured share; true when it stopped it.
     */
    boolean guardBudget(PullRun run, String limitInfo, boolean more) {
        ApiUsage usage = ApiUsage.parse(limitInfo);
        if (more && usage != null && usage.share() >= budgetMaxShare) {
            run.stoppedBy = "stopped by the API budget guard: Salesforce reports api-usage=" + usage
                    + ", at or above sfsync.salesforce.budget.max-share=" + budgetMaxShare
                    + "; the next cycle resumes from here";
            return true;
        }
        return false;
    }

    /** Stops the step after this page when more pages remain and the service is stopping; true when it stopped it. */
    boolean guardShutdown(PullRun run, boolean more) {
        if (more && run.stoppedBy == null && stopping.getAsBoolean()) {
            run.stoppedByShutdown = true;
            return true;
        }
        return false;
    }

    /**
     * Commits the step and closes it as Completed, or Incomplete when the budget guard or a shutdown stopped it; an
     * incremental step stopped by a shutdown is rolled back instead, as on any other failure.
     */
    void complete(PullRun run) throws SQLException, IOException {
        if (run.writeBehind != null) {
            run.writeBehind.await(); // the last page; a failure fails the step (fail() below)
            run.writeBehind.close();
        }
        if (run.stoppedByShutdown && !run.firstPull) {
            try (Connection c = run.connection) {
                c.rollback();
            }
            stepLog.finish(run.getStepId(), StepStatus.ROLLED_BACK, new StepCounts(), "stopped by shutdown after "
                    + run.pages + " page(s); rolled back: " + undone(run));
            LOG.warn("{} {}: Rolled back: stopped by shutdown after {} page(s)", run.mapping.object(), OPERATION, run.pages);
            return;
        }
        if (run.stoppedByShutdown) {
            run.stoppedBy = "stopped by shutdown after " + run.counts.total() + " records; the next run resumes";
        }
        try (Connection c = run.connection) {
            if (run.bulk && run.stoppedBy == null) {
                PullUpdatesBulk.finishJob(c, run);
            }
            c.commit();
        }
        StepStatus status = run.stoppedBy == null ? StepStatus.COMPLETED : StepStatus.INCOMPLETE;
        stepLog.finish(run.getStepId(), status, run.counts, join(join(join(run.stoppedBy, run.enabledNote),
                run.unsyncedText()), conflictText(run)));
        LOG.info("{} {}: {}: {} new, {} updated, {} skipped, {} failed in {} page(s){}", run.mapping.object(), OPERATION,
                status.label(), run.counts.created(), run.counts.updated(), run.counts.skipped(), run.counts.failed(),
                run.pages, run.stoppedBy == null ? "" : " (" + run.stoppedBy + ")");
    }

    /**
     * Closes a step that failed as a whole. An incremental step is rolled back with its
     * watermark (Rolled back); a first pull keeps the pages it committed (Failed) and resumes
     * after them.
     */
    void fail(PullRun run, Exception cause) throws SQLException {
        String message = ErrorText.describe(cause);
        if (SalesforceErrors.hasCode(cause, "INVALID_FIELD")) {
            // a mapped field was removed in Salesforce: notice it next cycle, whatever sfsync.schema.check-interval-seconds
            schema.describeAtOnce(run.mapping.object());
            message += " (the next cycle's Sync Schema describes " + run.mapping.object() + " again)";
        }
        if (run.writeBehind != null) {
            run.writeBehind.close(); // a page being written finishes (and commits, on a first pull) first
        }
        PullUpdatesBulk.abandonNewRows(run); // pages streamed into a COPY but not committed are read again next time
        try (Connection c = run.connection) {
            c.rollback();
            message += PullUpdatesBulk.forgetGoneJob(c, run, cause);
        }
        if (run.firstPull) {
            stepLog.finish(run.getStepId(), StepStatus.FAILED, run.counts, message
                    + " (the pages before the failure are kept; the next cycle resumes after them)");
            LOG.error("{} {}: Failed after {} page(s), {} records kept: {}", run.mapping.object(), OPERATION, run.pages,
                    run.counts.total(), message);
        } else {
            stepLog.finish(run.getStepId(), StepStatus.ROLLED_BACK, new StepCounts(), message + " (rolled back: "
                    + undone(run) + ")");
            LOG.error("{} {}: Rolled back after {} page(s): {}", run.mapping.object(), OPERATION, run.pages, message);
        }
    }

    /** "2 conflict(s) (salesforce-wins): 1 won by the local value, 1 by Salesforce's; see conflicts list", or null. */
    private static String conflictText(PullRun run) {
        int n = run.conflictsLocalWon + run.conflictsSalesforceWon;
        return n == 0 ? null : n + " conflict(s) (" + run.mapping.conflict().yamlName() + "): " + run.conflictsLocalWon
                + " won by the local value, " + run.conflictsSalesforceWon + " by Salesforce's; see conflicts list";
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    private static String undone(PullRun run) {
        return run.counts.created() + " new, " + run.counts.updated() + " updated, " + run.counts.failed()
                + " failed record(s) undone; the watermark stays, the next cycle reads these changes again";
    }

    private static String payload(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            return String.valueOf(record);
        }
    }

    private static Watermark lastOf(List<Map<String, Object>> records) {
        return records.isEmpty() ? null : watermarkOf(records.get(records.size() - 1));
    }

    static Watermark watermarkOf(Map<String, Object> rec) {
        OffsetDateTime ts = (OffsetDateTime) ColumnValues.toColumn(rec.get("SystemModstamp"), Types.TIMESTAMP_WITH_TIMEZONE);
        return new Watermark(ts, (String) rec.get("Id"));
    }

    static void logProgress(PullRun run, boolean more) {
        long done = run.counts.total();
        double seconds = Math.max(1e-3, (System.nanoTime() - run.startedNanos) / 1e9);
        double rate = done / seconds;
        if (run.totalSize > 0 && more) {
            long left = run.totalSize - done;
            LOG.info("{} {}: {} / {} records ({} per second, about {} s left)", run.mapping.object(), OPERATION,
                    done, run.totalSize, Math.round(rate), Math.round(left / Math.max(rate, 1)));
        }
    }
}
