package io.sfsync.pull;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.PullQuery;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.ColumnValues;
import io.sfsync.store.RecordWriter;
import io.sfsync.store.TableSchema;
import io.sfsync.store.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull Updates (requirement S2): the bean behind {@code routes/pull/pull-updates.camel.yaml}.
 * The route fetches pages through camel-salesforce; this bean writes each page and advances
 * the watermark in one transaction, so a page is either wholly applied or not at all.
 */
public final class PullUpdates {

    public static final String OPERATION = "Pull Updates";
    private static final Logger LOG = LoggerFactory.getLogger(PullUpdates.class);

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;

    public PullUpdates(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
    }

    /** Opens the step (In Progress) and prepares the query from the stored watermark. */
    public PullRun start(String cycleId, String object) throws SQLException {
        ObjectMapping mapping = mappings.get(object);
        if (mapping == null) {
            throw new IllegalArgumentException("no mapping file maps object '" + object + "'");
        }
        long stepId = stepLog.start(cycleId, object, OPERATION);
        try (Connection c = dataSource.getConnection()) {
            Watermark since = WatermarkStore.read(c, object);
            RecordWriter writer = new RecordWriter(mapping, TableSchema.read(c, mapping.table()));
            String soql = PullQuery.build(object, mapping.pullSelectFields(), mapping.soqlWhere(), since);
            LOG.info("{} {}: reading changes {}", object, OPERATION,
                    since == null ? "from the beginning (first pull)" : "after " + since.systemModstamp() + " / " + since.lastId());
            return new PullRun(cycleId, mapping, writer, stepId, since, soql);
        }
    }

    /** Applies one page: rows, counts and watermark commit together. */
    public void applyPage(PullRun run, InputStream body) throws IOException, SQLException {
        QueryPage page = QueryPage.parse(body);
        run.pages++;
        if (run.totalSize < 0) {
            run.totalSize = page.totalSize();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RecordWriter.PageCounts pc = run.writer.write(c, page.records());
                Watermark last = lastOf(page.records());
                if (last != null && last.isAfter(run.watermark)) {
                    WatermarkStore.save(c, run.mapping.object(), last);
                    run.watermark = last;
                }
                run.counts.add(pc.created(), pc.updated(), 0, 0, pc.skipped());
                stepLog.progress(c, run.stepId, run.counts);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        run.nextRecordsUrl = page.done() ? null : page.nextRecordsUrl();
        logProgress(run);
    }

    /** Closes the step as Completed with its counts. */
    public void complete(PullRun run) throws SQLException {
        stepLog.finish(run.stepId, StepStatus.COMPLETED, run.counts, null);
        LOG.info("{} {}: Completed: {} new, {} updated, {} skipped in {} page(s)", run.mapping.object(), OPERATION,
                run.counts.created(), run.counts.updated(), run.counts.skipped(), run.pages);
    }

    /**
     * Closes the step as Failed. Pages applied before the failure stay, with the watermark
     * that covers them; the next cycle resumes after them.
     */
    public void fail(PullRun run, Exception cause) throws SQLException {
        String message = describe(cause);
        if (run == null) {
            LOG.error("{} could not start: {}", OPERATION, message);
            return;
        }
        stepLog.finish(run.stepId, StepStatus.FAILED, run.counts, message);
        LOG.error("{} {}: Failed after {} page(s): {}", run.mapping.object(), OPERATION, run.pages, message);
    }

    private static Watermark lastOf(List<Map<String, Object>> records) {
        if (records.isEmpty()) {
            return null;
        }
        Map<String, Object> last = records.get(records.size() - 1);
        OffsetDateTime ts = (OffsetDateTime) ColumnValues.toColumn(last.get("SystemModstamp"), Types.TIMESTAMP_WITH_TIMEZONE);
        return new Watermark(ts, (String) last.get("Id"));
    }

    private static void logProgress(PullRun run) {
        long done = run.counts.total();
        double seconds = Math.max(1e-3, (System.nanoTime() - run.startedNanos) / 1e9);
        double rate = done / seconds;
        if (run.totalSize > 0 && run.nextRecordsUrl != null) {
            long left = run.totalSize - done;
            LOG.info("{} {}: {} / {} records ({} per second, about {} s left)", run.mapping.object(), OPERATION,
                    done, run.totalSize, Math.round(rate), Math.round(left / Math.max(rate, 1)));
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        while (t != null) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return sb.toString();
    }
}
