package io.sfsync.salesapp;

import io.sfsync.salesforce.ErrorText;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's step behind {@code routes/salesapp/sales-feed.camel.yaml} (through {@code salesApp.feed}): once per
 * cycle, after the objects, one step of object {@value #OBJECT} in the sync-status log.
 * <ul>
 * <li>{@value #COPY} until the sales-app database holds a complete copy (first run, a new sales-app database, the feed
 * turned on again): every owned person; its counts grow chunk by chunk, against the expected number, in the status
 * log, and the log says how many, how fast and how long still (A4).</li>
 * <li>{@value #UPDATES} after that: the persons whose copied fields, owner or tombstone changed (A1); counts: new,
 * updated, deleted (lost their owner), skipped (logged but their copied fields did not change).</li>
 * </ul>
 * A step that fails is Failed: the chunks it wrote stay, and the next cycle compares and goes on.
 */
public final class SalesFeed {

    public static final String OBJECT = "Sales App";
    public static final String COPY = "Sales Feed Copy";
    public static final String UPDATES = "Sales Feed Updates";
    private static final Logger LOG = LoggerFactory.getLogger(SalesFeed.class);
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    /** The progress of a running copy: persons written of those expected, rate, time left (A4). */
    public record Progress(long stepId, long done, long expected, double perSecond, long secondsLeft) {
        String text() {
            return String.format("%,d of %,d persons copied (%,.0f/s, about %d s left)", done, expected, perSecond,
                    secondsLeft);
        }
    }

    private final DataSource main;
    private final StepLog stepLog;
    private final PersonCopy copy;
    private final BooleanSupplier stopping;
    private final java.util.List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();

    SalesFeed(DataSource main, StepLog stepLog, PersonCopy copy, BooleanSupplier stopping) {
        this.main = main;
        this.stepLog = stepLog;
        this.copy = copy;
        this.stopping = stopping;
    }

    /** {@code listener} gets the progress of a copy after each chunk, once the status log has its counts. */
    public void onProgress(Consumer<Progress> listener) {
        listeners.add(listener);
    }

    /** Persons per chunk of the copy from now on (default {@link SalesApp#CHUNK}). */
    void useChunk(int rows) {
        copy.chunk(rows);
    }

    /** The feed's step of this cycle: the initial copy while there is no complete copy, else the changes. */
    public void run(String cycleId) throws SQLException {
        if (copy.complete()) {
            follow(cycleId);
        } else {
            copyAll(cycleId);
        }
    }

    private void copyAll(String cycleId) throws SQLException {
        long stepId = stepLog.start(cycleId, OBJECT, COPY);
        long started = System.nanoTime();
        long[] lastLog = {started};
        StepCounts[] last = {new StepCounts()};
        try {
            long expected = copy.owned();
            stepLog.expect(stepId, expected);
            LOG.info("{}: copying {} owned person(s) to the sales-app database", COPY, String.format("%,d", expected));
            PersonCopy.Counts counts = copy.copyAll((c, seen) -> {
                StepCounts sc = counts(c);
                last[0] = sc;
                try (Connection m = main.getConnection()) {
                    stepLog.progress(m, stepId, sc);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot write the progress of step " + stepId + ": " + e.getMessage(), e);
                }
                long now = System.nanoTime();
                double seconds = Math.max(1e-9, (now - started) / 1e9);
                double rate = seen / seconds;
                Progress p = new Progress(stepId, seen, expected, rate,
                        rate > 0 ? (long) Math.ceil(Math.max(0, expected - seen) / rate) : 0);
                if (now - lastLog[0] >= LOG_EVERY_NANOS) {
                    lastLog[0] = now;
                    LOG.info("{}: {}", COPY, p.text());
                }
                listeners.forEach(l -> l.accept(p));
            }, stopping);
            StepCounts sc = counts(counts);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (stopping.getAsBoolean()) {
                String message = String.format("stopped with the service after %,d person(s); the next cycle goes on",
                        counts.total());
                stepLog.finish(stepId, StepStatus.INCOMPLETE, sc, message);
                LOG.warn("{}: Incomplete: {}", COPY, message);
                return;
            }
            String message = String.format("%,d person(s) copied in %.1f s (%,.0f/s)", counts.total(), seconds,
                    counts.total() / Math.max(seconds, 1e-9));
            stepLog.finish(stepId, StepStatus.COMPLETED, sc, message);
            LOG.info("{}: Completed: {}", COPY, message);
        } catch (SQLException | RuntimeException e) {
            String message = ErrorText.describe(e) + " (the rows copied so far are kept; the next cycle goes on)";
            stepLog.finish(stepId, StepStatus.FAILED, last[0], message);
            LOG.error("{}: Failed: {}", COPY, message);
        }
    }

    private void follow(String cycleId) throws SQLException {
        long stepId = stepLog.start(cycleId, OBJECT, UPDATES);
        try {
            PersonCopy.Counts counts = copy.followChanges(stopping);
            if (stopping.getAsBoolean()) {
                stepLog.finish(stepId, StepStatus.INCOMPLETE, counts(counts), "stopped with the service; the next cycle "
                        + "goes on");
                return;
            }
            stepLog.finish(stepId, StepStatus.COMPLETED, counts(counts), null);
            LOG.info("{}: Completed: {} new, {} updated, {} deleted, {} unchanged", UPDATES, counts.inserted,
                    counts.updated, counts.deleted, counts.unchanged);
        } catch (SQLException | RuntimeException e) {
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e)
                    + " (the changes stay logged; the next cycle compares them again)");
            LOG.error("{}: Failed: {}", UPDATES, ErrorText.describe(e));
        }
    }

    private static StepCounts counts(PersonCopy.Counts c) {
        StepCounts sc = new StepCounts();
        sc.add((int) c.inserted, (int) c.updated, (int) c.deleted, 0, (int) c.unchanged);
        return sc;
    }
}
