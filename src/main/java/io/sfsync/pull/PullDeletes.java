package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.DeletedLog;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.LocalDeletes;
import io.sfsync.store.OperationWatermarkStore;
import io.sfsync.store.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull Deletes (requirement S2): the bean behind {@code routes/pull/pull-deletes.camel.yaml}.
 * Records deleted in Salesforce are removed locally ({@link LocalDeletes}: tombstones where the
 * table has {@code sf_deleted_at}) and counted as deleted.
 * <ul>
 * <li>Normally the step reads Salesforce's delete log (getDeleted) from its watermark, the
 *     {@code latestDateCovered} of its last successful call, to now.</li>
 * <li>The delete log reaches back 15 days only. When the watermark is older, or Salesforce
 *     answers {@code INVALID_REPLICATION_DATE}, or its log starts after the watermark, deletes
 *     may have been missed: the step says so and re-reconciles instead. It streams every
 *     Salesforce id of the object into {@code sync_id_stage}, removes with SQL the local rows
 *     whose id is not there, and restarts the watermark.</li>
 * <li>The first run of an object only sets the watermark: the pull that just ran found no
 *     deleted records to store.</li>
 * <li>The step is one transaction: it completes as a whole or is Rolled back (L2), keeping its
 *     watermark.</li>
 * </ul>
 * Time comes from this host's clock, which must follow Salesforce's (NTP); {@link #SAFETY_MARGIN}
 * covers small differences, since removing a row twice is harmless.
 */
public final class PullDeletes {

    public static final String OPERATION = "Pull Deletes";
    /** How long Salesforce keeps deleted records in the delete log (getDeleted's window). */
    static final Duration DELETE_LOG_DAYS = Duration.ofDays(15);
    /** A new watermark is set this far back, so a delete near the moment it is set is not missed. */
    static final Duration SAFETY_MARGIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(PullDeletes.class);
    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;
    private final String apiVersion;
    private final BooleanSupplier stopping;
    private volatile Clock clock = Clock.systemUTC();

    /** @param stopping true once the service is stopping: a re-reconciliation ends at its next page, rolled back */
    public PullDeletes(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                       BooleanSupplier stopping) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
        this.apiVersion = apiVersion;
        this.stopping = stopping;
    }

    /**
     * The clock the step reads "now" from. Tests that move the emulator's clock days ahead move
     * this one with it, as if sfsync had been stopped for that long.
     */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Opens the step (In Progress) and its transaction, and decides what it does from the stored watermark. */
    public DeletesRun start(String cycleId, String object) throws SQLException {
        ObjectMapping mapping = mappings.get(object);
        if (mapping == null) {
            throw new IllegalArgumentException("no mapping file maps object '" + object + "'");
        }
        long stepId = stepLog.start(cycleId, object, OPERATION);
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            Watermark stored = OperationWatermarkStore.read(c, object, OPERATION);
            OffsetDateTime since = stored == null ? null : stored.systemModstamp();
            String firstNote = null;
            if (since == null && mapping.firstPullWindowHours() != null) {
                // enabling with a window: the deletes of the last 15 days (as far as the delete log reaches) apply too
                since = now.minus(DELETE_LOG_DAYS).plus(SAFETY_MARGIN);
                firstNote = "first run: deletes are read from " + isoUtc(since) + " on (the last "
                        + DELETE_LOG_DAYS.toDays() + " days, first-pull-window-hours in " + mapping.displayFile() + ")";
            }
            LocalDeletes deletes = new LocalDeletes(mapping, TableSchema.ofCycle(c, mapping.table()));
            DeletesRun run = new DeletesRun(this, cycleId, mapping, deletes, stepId, c, since, now, deletedPath(object));
            run.note = firstNote;
            run.mode = mode(since, now);
            if (run.mode == DeletesRun.Mode.RECONCILE) {
                reconcile(run, "the watermark " + isoUtc(since) + " is older than the " + DELETE_LOG_DAYS.toDays()
                        + " days Salesforce keeps deleted records");
            }
            return run;
        } catch (SQLException | RuntimeException e) {
            c.close();
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e));
            throw e;
        }
    }

    /** What the step does with the watermark {@code since} (null: none yet) at {@code now}. */
    private static DeletesRun.Mode mode(OffsetDateTime since, OffsetDateTime now) {
        if (since == null) {
            return DeletesRun.Mode.FIRST;
        }
        if (since.isBefore(now.minus(DELETE_LOG_DAYS))) {
            return DeletesRun.Mode.RECONCILE;
        }
        return now.truncatedTo(ChronoUnit.MINUTES).isAfter(since.truncatedTo(ChronoUnit.MINUTES))
                ? DeletesRun.Mode.DELETE_LOG : DeletesRun.Mode.TOO_SOON;
    }

    private String deletedPath(String object) {
        return "/services/data/v" + apiVersion + "/sobjects/" + object + "/deleted/";
    }

    /** A getDeleted call: its path, start and end (UTC, ISO-8601), and its request name ({@link FirstReads#deleted}). */
    public record DeletedRead(String path, String start, String end) {
        public String request() {
            return FirstReads.deleted(start);
        }
    }

    /**
     * The getDeleted of the object's next Pull Deletes when it will read the delete log from a stored watermark, as
     * {@link #start} decides it: what the cycle's composite read asks ahead ({@code cycleReads}); null otherwise.
     */
    public DeletedRead nextDeletedRead(String object) throws SQLException {
        if (mappings.get(object) == null) {
            return null;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        Watermark stored;
        try (Connection c = dataSource.getConnection()) {
            stored = OperationWatermarkStore.read(c, object, OPERATION);
        }
        if (stored == null || mode(stored.systemModstamp(), now) != DeletesRun.Mode.DELETE_LOG) {
            return null;
        }
        return new DeletedRead(deletedPath(object), isoUtc(stored.systemModstamp()), isoUtc(now));
    }

    /** Applies a getDeleted answer: removes the local rows of the deleted records and advances the watermark. */
    public void applyDeleted(DeletesRun run, InputStream body) throws IOException, SQLException {
        DeletedLog log = DeletedLog.parse(body);
        if (log.earliestDateAvailable() != null && log.earliestDateAvailable().isAfter(run.watermark)) {
            reconcile(run, "Salesforce's delete log starts at " + isoUtc(log.earliestDateAvailable())
                    + ", after the watermark " + isoUtc(run.watermark));
            return;
        }
        int removed = 0;
        for (DeletedLog.Deleted d : log.records()) {
            removed += run.deletes.remove(run.connection, d.id(), d.deletedDate());
        }
        run.counts.add(0, 0, removed, 0, log.records().size() - removed);
        if (log.latestDateCovered().isAfter(run.watermark)) {
            OperationWatermarkStore.save(run.connection, run.mapping.object(), OPERATION,
                    new Watermark(log.latestDateCovered(), null));
        }
    }

    /** Salesforce refused the window (INVALID_REPLICATION_DATE): re-reconcile instead. */
    public void windowMissed(DeletesRun run, Exception cause) {
        reconcile(run, "Salesforce refused the delete log window from " + isoUtc(run.watermark) + ": "
                + ErrorText.describe(cause));
    }

    /**
     * Adds one page of Salesforce ids (query or queryMore answer) to the step's stage. When the service is stopping
     * and pages remain, the step ends here and is rolled back, as on any other failure.
     */
    void stageIds(DeletesRun run, InputStream body) throws IOException, SQLException {
        QueryPage page = QueryPage.parse(body);
        List<String> ids = new ArrayList<>(page.records().size());
        for (Map<String, Object> rec : page.records()) {
            ids.add((String) rec.get("Id"));
        }
        LocalDeletes.stage(run.connection, run.getStepId(), ids);
        run.idsRead += ids.size();
        run.nextRecordsUrl = page.done() ? null : page.nextRecordsUrl();
        if (run.nextRecordsUrl != null && stopping.getAsBoolean()) {
            throw new IllegalStateException("stopped by shutdown before every Salesforce id was read");
        }
    }

    /** Finishes the re-reconciliation if there was one, commits, and closes the step as Completed. */
    void complete(DeletesRun run) throws SQLException {
        String message = null;
        try (Connection c = run.connection) {
            switch (run.mode) {
                case FIRST -> {
                    OffsetDateTime wm = run.end.minus(SAFETY_MARGIN);
                    OperationWatermarkStore.save(c, run.mapping.object(), OPERATION, new Watermark(wm, null));
                    message = "first run: deletes are read from " + isoUtc(wm) + " on";
                }
                case RECONCILE -> {
                    int removed = run.deletes.removeMissing(c, run.getStepId(), run.reconcileStartedAt);
                    run.counts.add(0, 0, removed, 0, 0);
                    OperationWatermarkStore.save(c, run.mapping.object(), OPERATION,
                            new Watermark(run.reconcileStartedAt.minus(SAFETY_MARGIN), null));
                    message = "missed the delete window (" + run.missedWindow + "); re-reconciled ids instead: "
                            + run.idsRead + " Salesforce ids read, " + removed + " local record(s) "
                            + (run.deletes.tombstones() ? "tombstoned" : "deleted");
                }
                default -> message = run.note;
            }
            c.commit();
        }
        stepLog.finish(run.getStepId(), StepStatus.COMPLETED, run.counts, message);
        LOG.info("{} {}: Completed: {} deleted, {} skipped{}", run.mapping.object(), OPERATION, run.counts.deleted(),
                run.counts.skipped(), message == null ? "" : " (" + message + ")");
    }

    /** Closes a step that failed as a whole: its writes and its watermark are rolled back (Rolled back). */
    void fail(DeletesRun run, Exception cause) throws SQLException {
        String message = ErrorText.describe(cause);
        try (Connection c = run.connection) {
            c.rollback();
        }
        stepLog.finish(run.getStepId(), StepStatus.ROLLED_BACK, new StepCounts(), message + " (rolled back: "
                + run.counts.deleted() + " deleted record(s) undone"
                + (run.mode == DeletesRun.Mode.RECONCILE ? ", re-reconciliation after " + run.idsRead + " ids" : "")
                + "; the watermark stays, the next cycle tries again)");
        LOG.error("{} {}: Rolled back: {}", run.mapping.object(), OPERATION, message);
    }

    private void reconcile(DeletesRun run, String reason) {
        run.mode = DeletesRun.Mode.RECONCILE;
        run.missedWindow = reason;
        run.reconcileStartedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        LOG.warn("{} {}: {}; re-reconciling every id", run.mapping.object(), OPERATION, reason);
    }

    static String isoUtc(OffsetDateTime t) {
        return ISO_UTC.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
