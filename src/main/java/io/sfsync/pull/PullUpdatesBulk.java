package io.sfsync.pull;

import static io.sfsync.pull.PullUpdates.OPERATION;

import io.sfsync.salesforce.CsvPage;
import io.sfsync.salesforce.FieldReader;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.BulkJobStore;
import io.sfsync.store.CreatedRecords;
import io.sfsync.store.RecordWriter;
import io.sfsync.store.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk API 2.0 path of Pull Updates: the bean ({@code pullUpdatesBulk}) behind
 * {@code routes/pull/pull-updates-bulk.camel.yaml}, for a first pull of more records than
 * {@code sfsync.pull.bulk-threshold}. The route creates a query job, polls it, and hands its CSV result pages here;
 * they are written like REST pages (same {@link PullRun}, same write-behind, budget guard and shutdown stop), and
 * committed page by page together with the job's position, so a first pull that stopped midway resumes the job
 * instead of starting over. The watermark (the greatest SystemModstamp seen, since a job promises no order) is saved
 * when the step completes.
 */
public final class PullUpdatesBulk {

    private static final Logger LOG = LoggerFactory.getLogger(PullUpdatesBulk.class);
    /** Salesforce deletes Bulk API jobs older than seven days; an older job is not resumed. */
    private static final Duration BULK_RESUME_WITHIN = Duration.ofDays(6);
    /** What {@link #maxWatermark} reads of a record. */
    private static final List<String> WATERMARK_FIELDS = List.of("SystemModstamp", "Id");

    private final PullUpdates updates;
    /** A COPY of new rows is committed once it holds this many records ({@code sfsync.pull.bulk-commit-records}). */
    private final int commitRecords;

    public PullUpdatesBulk(PullUpdates updates, int commitRecords) {
        this.updates = updates;
        this.commitRecords = commitRecords;
    }

    /** Reads the first pull's COUNT(): above {@code sfsync.pull.bulk-threshold} records the step uses Bulk API 2.0. */
    public void choose(PullRun run, InputStream countBody) throws IOException, SQLException {
        long total = QueryPage.parse(countBody).totalSize();
        updates.expect(run, total);
        run.bulk = total > updates.bulkThreshold();
        if (!run.bulk) {
            return;
        }
        BulkJobStore.Position resume = BulkJobStore.read(run.connection, run.mapping.object());
        if (resume != null && resume.startedAt().isAfter(OffsetDateTime.now().minus(BULK_RESUME_WITHIN))) {
            // the job an earlier first pull left midway: read on from the page after the last one written
            run.bulkJobId = resume.jobId();
            run.bulkJobDone = true;
            run.bulkLocator = resume.nextLocator();
            run.bulkMax = resume.max();
            run.bulkResumed = true;
            LOG.info("{} {}: resuming the Bulk API 2.0 query job {} of an earlier first pull after its last written page",
                    run.mapping.object(), OPERATION, resume.jobId());
            return;
        }
        if (resume != null) {
            BulkJobStore.clear(run.connection, run.mapping.object()); // too old to resume: a new job starts afresh
        }
        // A query job returns every record once: into a table without this object's records, all are new.
        run.bulkAllNew = run.writer.holdsNone(run.connection);
        LOG.info("{} {}: first pull of {} records, above sfsync.pull.bulk-threshold={}: using a Bulk API 2.0 query job",
                run.mapping.object(), OPERATION, total, updates.bulkThreshold());
    }

    /** The Bulk API 2.0 query job to create. */
    public QueryJob job(PullRun run) {
        QueryJob job = new QueryJob();
        job.setOperation(OperationEnum.QUERY);
        job.setQuery(run.bulkSoql);
        job.setContentType(ContentTypeEnum.CSV);
        return job;
    }

    /** Follows the job: created, then polled until Salesforce has its results. */
    public void jobState(PullRun run, QueryJob job) {
        run.bulkJobId = job.getId();
        JobStateEnum state = job.getState();
        if (state == JobStateEnum.JOB_COMPLETE) {
            run.bulkJobDone = true;
        } else if (updates.guardShutdown(run, true)) {
            // no page read yet: the next first pull starts a new job
            run.bulkJobDone = true;
            run.bulkLocator = "null";
        } else if (state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
            throw new IllegalStateException("Bulk API query job " + job.getId() + " ended " + state
                    + "; see the job in Salesforce (Setup > Bulk Data Load Jobs)");
        }
    }

    /**
     * Takes one CSV page of the job's results: parses it and hands it to the step's write-behind thread, which
     * writes it while the route fetches the next page. Rows commit page by page (a first pull), or, streamed into one
     * COPY, every {@code sfsync.pull.bulk-commit-records} records or so (see {@link #writeCsvPage}); the watermark (the
     * maximum seen, since a job promises no order) only when the step completes.
     */
    public void applyCsvPage(PullRun run, InputStream csv, String locator, String limitInfo) throws IOException, SQLException {
        List<Map<String, Object>> records = CsvPage.parse(csv);
        Watermark pageMax = maxWatermark(records); // here, not on the writing thread, which is the busier one
        String readWith = run.bulkLocator; // null: the job's first page
        run.bulkLocator = locator == null ? "null" : locator;
        run.writeBehind().await(); // the page before is written: a stop asked for meanwhile is seen below
        if (run.rereadNewRows) {
            // the server refused a row of the pages streamed into the last COPY, which is undone: read them again
            run.rereadNewRows = false;
            run.bulkLocator = run.newRowsFrom;
            return;
        }
        if (!updates.guardBudget(run, limitInfo, run.isBulkResultsLeft())) {
            updates.guardShutdown(run, run.isBulkResultsLeft());
        }
        boolean more = run.isBulkResultsLeft();
        String next = run.bulkLocator;
        run.writeBehind().submit(() -> writeCsvPage(run, records, pageMax, readWith, next, more));
        if (!more) {
            // the route stops after this page unless its COPY was refused: then the pages are read again
            run.writeBehind().await();
            if (run.rereadNewRows && run.stoppedBy == null && !run.stoppedByShutdown) {
                run.rereadNewRows = false;
                run.bulkLocator = run.newRowsFrom;
            }
        }
    }

    /**
     * Writes one page. Into a table without the object's records (PostgreSQL), the pages stream into one COPY that
     * stays open from page to page and is committed, with the job's position, once it holds
     * {@code sfsync.pull.bulk-commit-records} records or the pages end: the server inserts the rows as one stream
     * instead of waiting, between two pages, for the end of a COPY, a commit and the next COPY. When it refuses a row, the
     * COPY is undone and its pages are read again and written one COPY each, where a refused COPY falls back to the
     * JDBC batch and then to row by row (the bad record becomes a dead letter). Other pages commit one by one.
     */
    private void writeCsvPage(PullRun run, List<Map<String, Object>> records, Watermark pageMax, String readWith,
                              String next, boolean more) throws SQLException {
        run.pages++;
        Connection c = run.connection;
        if (pageMax != null && pageMax.isAfter(run.bulkMax)) {
            run.bulkMax = pageMax;
        }
        boolean joins = run.bulkAllNew && run.pages > run.onePageCopiesUntil
                && !CreatedRecords.any(run.mapping, run.databaseKey, records);
        if (run.newRows != null && !joins && !endNewRows(run, c, readWith, true)) {
            return; // undone: its pages and this one are read again
        }
        if (joins) {
            if (run.newRows == null) {
                run.newRows = run.writer.startNewRows(c);
                run.newRowsFrom = readWith;
                run.newRowsAfterPage = run.pages - 1;
            }
            if (run.newRows != null) { // null: the database has no COPY
                try {
                    run.newRowsCounts.add(run.newRows.add(records));
                } catch (SQLException refused) {
                    undoNewRows(run);
                    return;
                }
                if (!more || run.newRows.records() >= commitRecords) {
                    endNewRows(run, c, next, more);
                }
                return;
            }
        }
        CreatedRecords.link(c, run.mapping, run.databaseKey, records);
        run.newRowsCounts.add(run.writer.write(c, records, run.bulkAllNew));
        commitPages(run, c, next, more);
    }

    /**
     * Ends the open COPY of new rows and commits its pages with the job's position {@code next}; false when the server
     * refused one of its rows: then it is undone and its pages are to be read again.
     */
    private boolean endNewRows(PullRun run, Connection c, String next, boolean more) throws SQLException {
        try {
            run.newRows.end();
        } catch (SQLException refused) {
            undoNewRows(run);
            return false;
        }
        run.newRows = null;
        commitPages(run, c, next, more);
        return true;
    }

    /** Undoes the open COPY of new rows; the fetching side reads its pages again, written one COPY each. */
    private static void undoNewRows(PullRun run) throws SQLException {
        run.newRows.undo();
        run.newRows = null;
        run.newRowsCounts.clear();
        LOG.info("{} {}: the database refused a row of pages {} to {}; they are read again and written one by one",
                run.mapping.object(), OPERATION, run.newRowsAfterPage + 1, run.pages);
        run.onePageCopiesUntil = run.pages;
        run.pages = run.newRowsAfterPage;
        run.rereadNewRows = true;
    }

    /** Cancels a COPY of new rows left open by a step that failed, so its connection can be rolled back. */
    static void abandonNewRows(PullRun run) {
        if (run.newRows != null) {
            try {
                run.newRows.undo();
            } catch (SQLException ignored) {
                // the step is failing anyway; the rollback that follows undoes the rows
            }
            run.newRows = null;
        }
    }

    /** Commits the written pages ({@link PullRun#newRowsCounts}) with their progress and the job's position. */
    private void commitPages(PullRun run, Connection c, String next, boolean more) throws SQLException {
        StepCounts counts = run.counts;
        for (RecordWriter.PageCounts pc : run.newRowsCounts) {
            updates.deadLetters(run, pc);
            run.noteUnsynced(pc.unsynced());
            counts = counts.plus(pc.created(), pc.updated(), 0, pc.failed().size(), pc.skipped());
        }
        run.newRowsCounts.clear();
        updates.stepLog().progress(c, run.getStepId(), counts);
        BulkJobStore.save(c, run.mapping.object(), run.bulkJobId, next, run.bulkMax);
        c.commit();
        run.counts = counts;
        PullUpdates.logProgress(run, more);
    }

    /**
     * The greatest (SystemModstamp, Id) of a page. Salesforce writes every timestamp of a page in one fixed-width UTC
     * form (2026-11-23T08:20:00.000Z or +0000), so the text is compared and only the greatest one is parsed; a
     * timestamp in another form is parsed to compare.
     */
    static Watermark maxWatermark(List<Map<String, Object>> records) {
        FieldReader read = FieldReader.of(WATERMARK_FIELDS, records);
        Map<String, Object> best = null;
        for (Map<String, Object> rec : records) {
            if (best == null || laterThan(read, rec, best)) {
                best = rec;
            }
        }
        return best == null ? null : PullUpdates.watermarkOf(best);
    }

    private static boolean laterThan(FieldReader read, Map<String, Object> a, Map<String, Object> b) {
        Object sa = read.get(a, 0);
        Object sb = read.get(b, 0);
        int c;
        if (sa instanceof String x && sb instanceof String y && x.length() == y.length() && utc(x) && utc(y)) {
            c = x.compareTo(y);
        } else {
            return PullUpdates.watermarkOf(a).isAfter(PullUpdates.watermarkOf(b));
        }
        return c > 0 || (c == 0 && ((String) read.get(a, 1)).compareTo((String) read.get(b, 1)) > 0);
    }

    private static boolean utc(String stamp) {
        return stamp.endsWith("Z") || stamp.endsWith("+0000") || stamp.endsWith("+00:00");
    }

    /** On completion of a step that read a whole job: the watermark is the greatest record seen; the job is done. */
    static void finishJob(Connection c, PullRun run) throws SQLException {
        if (run.bulkMax != null) {
            WatermarkStore.save(c, run.mapping.object(), run.bulkMax);
            run.watermark = run.bulkMax;
        }
        BulkJobStore.clear(c, run.mapping.object());
    }

    /**
     * On failure of a step that resumed a job: when Salesforce no longer has the job (deleted, or its results
     * expired), it is forgotten so that the next cycle starts a new one; returns what to add to the step's message.
     */
    static String forgetGoneJob(Connection c, PullRun run, Throwable cause) throws SQLException {
        if (!run.bulkResumed || !jobGone(cause)) {
            return "";
        }
        BulkJobStore.clear(c, run.mapping.object());
        c.commit();
        return " (the Bulk API query job " + run.bulkJobId + " being resumed is gone; the next cycle starts a new one)";
    }

    /** True when Salesforce answered 404 for the job: it was deleted or its results expired. */
    private static boolean jobGone(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() == 404) {
                return true;
            }
        }
        return false;
    }
}
