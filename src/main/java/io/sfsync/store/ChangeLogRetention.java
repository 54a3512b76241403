package io.sfsync.store;

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
 * Keeps the change log ({@code sync_change}) from growing for ever: entries a push step closed (Pushed, Failed,
 * Superseded) more than {@code sfsync.push.change-log-retention-days} ago are deleted, at most once a day, at the end
 * of a cycle (routes/cycle/sync-cycle.camel.yaml). Open entries are never deleted, whatever their age: they are
 * changes still to push.
 */
public final class ChangeLogRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogRetention.class);

    private final DataSource dataSource;
    private final int days;
    private final OnceADay daily;

    /** @param days 0: keep every entry */
    public ChangeLogRetention(DataSource dataSource, int days, Clock clock) {
        this.dataSource = dataSource;
        this.days = days;
        this.daily = new OnceADay(clock);
    }

    /** Deletes the entries closed before the retention, when it was not done in the last day; returns how many. */
    public synchronized int tidy() throws SQLException {
        Instant now = daily.due();
        if (days == 0 || now == null) {
            return 0;
        }
        int deleted;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM sync_change WHERE status <> ? AND closed_at < ?")) {
            ps.setString(1, ChangeLog.OPEN);
            ps.setObject(2, OffsetDateTime.ofInstant(now.minus(Duration.ofDays(days)), ZoneOffset.UTC));
            deleted = ps.executeUpdate();
        }
        daily.done(now);
        if (deleted > 0) {
            LOG.info("Change log: {} entries closed more than {} days ago deleted (sfsync.push.change-log-retention-days)",
                    deleted, days);
        }
        return deleted;
    }
}
