package io.sfsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The change log of local changes ({@code sync_change}), written by the database's triggers (see
 * {@code docs/operations.md}, "Change capture") and read by the push steps. An entry stays {@code Open} until a push
 * step closes it: {@code Pushed} when Salesforce took the change, {@code Failed} when the record went to the
 * dead-letter store, {@code Superseded} when there was nothing left to push (the row is gone, or none of its changed
 * columns is pushed for its object).
 */
public final class ChangeLog {

    public static final String OPEN = "Open";
    public static final String PUSHED = "Pushed";
    public static final String FAILED = "Failed";
    public static final String SUPERSEDED = "Superseded";
    private static final int MESSAGE_MAX = 4000;

    private ChangeLog() {
    }

    /**
     * One row's open local changes (inserts and updates), gathered from its entries.
     *
     * @param lastChangeId the newest entry read: closing the row closes the entries up to it, not later ones
     * @param columns      the columns that changed, over every entry (lower case)
     */
    public record PendingRow(long rowId, long lastChangeId, Set<String> columns, OffsetDateTime lastChangedAt) {
    }

    /** Rows of {@code table} with open inserts or updates and an id above {@code afterRowId}, at most {@code maxRows}, by id. */
    public static List<PendingRow> pendingRows(Connection c, String table, long afterRowId, int maxRows) throws SQLException {
        String name = table.toLowerCase(Locale.ROOT);
        long last;
        long first;
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT row_id FROM sync_change WHERE table_name = ? "
                + "AND status = ? AND change_type IN ('I', 'U') AND row_id > ? ORDER BY row_id LIMIT ?")) {
            ps.setString(1, name);
            ps.setString(2, OPEN);
            ps.setLong(3, afterRowId);
            ps.setInt(4, maxRows);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            first = ids.get(0);
            last = ids.get(ids.size() - 1);
        }
        Map<Long, PendingRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, row_id, changed_columns, changed_at FROM sync_change "
                + "WHERE table_name = ? AND status = ? AND change_type IN ('I', 'U') AND row_id BETWEEN ? AND ? "
                + "ORDER BY row_id, id")) {
            ps.setString(1, name);
            ps.setString(2, OPEN);
            ps.setLong(3, first);
            ps.setLong(4, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rowId = rs.getLong(2);
                    PendingRow before = rows.get(rowId);
                    Set<String> columns = before == null ? new LinkedHashSet<>() : before.columns();
                    for (String col : rs.getString(3).split(",")) {
                        if (!col.isBlank()) {
                            columns.add(col.trim().toLowerCase(Locale.ROOT));
                        }
                    }
                    rows.put(rowId, new PendingRow(rowId, rs.getLong(1), columns, rs.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * Closes a row's open entries up to {@code upToChangeId} (all of them when it is {@code Long.MAX_VALUE}) with
     * {@code status}; entries written after the push read the row stay open for the next cycle.
     */
    public static int close(Connection c, String table, long rowId, long upToChangeId, String status, long stepId,
                            String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_change SET status = ?, closed_at = CURRENT_TIMESTAMP, "
                + "closed_by_step = ?, message = ? WHERE table_name = ? AND row_id = ? AND status = ? AND id <= ?")) {
            ps.setString(1, status);
            ps.setLong(2, stepId);
            ps.setString(3, message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX));
            ps.setString(4, table.toLowerCase(Locale.ROOT));
            ps.setLong(5, rowId);
            ps.setString(6, OPEN);
            ps.setLong(7, upToChangeId);
            return ps.executeUpdate();
        }
    }
}
