package io.sfsync.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The cycles' API budget report (issue #16): one {@code sync_cycle} row per finished cycle with the Salesforce API
 * calls it used ({@code GET /api/sync-cycles}, {@code sfsync status --cycles}); the calls of each step are in its
 * {@code sync_step} row.
 */
public final class CycleLog {

    private final DataSource dataSource;
    private final String instance;

    public CycleLog(DataSource dataSource, String instance) {
        this.dataSource = dataSource;
        this.instance = instance;
    }

    /** One finished cycle: its calls in all and those that read its steps' first calls ahead. */
    public record CycleRow(String cycleId, OffsetDateTime startedAt, OffsetDateTime finishedAt, int apiCalls,
                           int readAheadCalls, String instance) {
    }

    public void finished(String cycleId, OffsetDateTime startedAt, OffsetDateTime finishedAt, ApiCalls.CycleCalls calls)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_cycle (cycle_id, started_at, finished_at, api_calls,"
                     + " read_ahead_calls, instance_name) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, cycleId);
            ps.setObject(2, startedAt);
            ps.setObject(3, finishedAt);
            ps.setInt(4, calls.all());
            ps.setInt(5, calls.outsideSteps());
            ps.setString(6, instance);
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} cycles, newest first. */
    public List<CycleRow> latest(int limit) throws SQLException {
        List<CycleRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT cycle_id, started_at, finished_at, api_calls, read_ahead_calls,"
                     + " instance_name FROM sync_cycle ORDER BY started_at DESC, cycle_id")) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CycleRow(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, OffsetDateTime.class), rs.getInt(4), rs.getInt(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Deletes the cycles started before {@code before} (the status log's retention); returns how many. */
    public static int deleteBefore(Connection c, OffsetDateTime before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_cycle WHERE started_at < ?")) {
            ps.setObject(1, before);
            return ps.executeUpdate();
        }
    }
}
