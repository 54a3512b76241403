package io.sfsync.status;

import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.store.ConflictStore;
import io.sfsync.store.OnceADay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code sfsync.status.retention-days} of history (requirement L5): steps of the status log that started
 * before, dead letters closed (Replayed, Discarded) before, and conflicts recorded before are deleted, at most once a
 * day, at the end of a cycle (routes/cycle/sync-cycle.camel.yaml). Open (New) dead letters are kept whatever their
 * age: they wait for someone to replay or discard them.
 */
public final class StatusLogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(StatusLogRetention.class);

    private final DataSource dataSource;
    private final DeadLetterStore deadLetters;
    private final int days;
    private final OnceADay daily;

    /** @param days 0: keep everything */
    public StatusLogRetention(DataSource dataSource, DeadLetterStore deadLetters, int days, Clock clock) {
        this.dataSource = dataSource;
        this.deadLetters = deadLetters;
        this.days = days;
        this.daily = new OnceADay(clock);
    }

    /** Deletes what is older than the retention, when it was not done in the last day; returns how many rows went. */
    public synchronized int tidy() throws SQLException {
        Instant now = daily.due();
        if (days == 0 || now == null) {
            return 0;
        }
        OffsetDateTime before = OffsetDateTime.ofInstant(now.minus(Duration.ofDays(days)), ZoneOffset.UTC);
        int steps;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM sync_step WHERE started_at < ? AND status <> ?")) {
            ps.setObject(1, before);
            ps.setString(2, StepStatus.IN_PROGRESS.label());
            steps = ps.executeUpdate();
            CycleLog.deleteBefore(c, before);
        }
        int letters = deadLetters.deleteClosedBefore(before);
        int conflicts = ConflictStore.deleteBefore(dataSource, before);
        daily.done(now);
        if (steps + letters + conflicts > 0) {
            LOG.info("Status log: {} steps, {} closed dead letters and {} conflicts older than {} days deleted "
                    + "(sfsync.status.retention-days)", steps, letters, conflicts, days);
        }
        return steps + letters + conflicts;
    }
}
