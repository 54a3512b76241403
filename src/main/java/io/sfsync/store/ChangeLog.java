package io.sfsync.store;

import io.sfsync.store.dialect.SqlDialect;
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
 * dead-letter store, {@code Superseded} when there was nothing left to push (the row is gone, none of its changed
 * columns is pushed for its object, or a delete that no Push Deletes sends: push-deletes off, never in Salesforce).
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
     * A row deleted by another client, not pushed yet: its entry, the row's id and what the delete recorded of it
     * ({@code deleted_ids}: column name in lower case → value; the Salesforce id columns that held a value and the type
     * columns).
     */
    public record Delete(long changeId, long rowId, Map<String, String> values) {
        /** The value the delete recorded for {@code column}, or null. */
        public String value(String column) {
            return values.get(column.toLowerCase(Locale.ROOT));
        }
    }

    /** The open deletes of {@code table} with an entry id above {@code afterChangeId}, at most {@code max}, by entry id. */
    public static List<Delete> openDeletes(Connection c, String table, long afterChangeId, int max) throws SQLException {
        List<Delete> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, row_id, deleted_ids FROM sync_change WHERE table_name = ? "
                + "AND status = ? AND change_type = 'D' AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, table.toLowerCase(Locale.ROOT));
            ps.setString(2, OPEN);
            ps.setLong(3, afterChangeId);
            ps.setInt(4, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delete(rs.getLong(1), rs.getLong(2), deletedIds(rs.getString(3))));
                }
            }
        }
        return out;
    }

    /** {@code ',person_type=Lead,sfdc_lead_id=00Q...,'} as column (lower case) → value; empty for NULL. */
    static Map<String, String> deletedIds(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** Closes one open entry by its id (a delete no push step sends); {@code stepId} null when no step closes it. */
    public static void closeEntry(Connection c, long changeId, String status, Long stepId, String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_change SET status = ?, closed_at = CURRENT_TIMESTAMP, "
                + "closed_by_step = ?, message = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, status);
            if (stepId == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, stepId);
            }
            ps.setString(3, message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX));
            ps.setLong(4, changeId);
            ps.setString(5, OPEN);
            ps.executeUpdate();
        }
    }

    /**
     * Closes a row's open entries up to {@code upToChangeId} (all of them when it is {@code Long.MAX_VALUE}) with
     * {@code status}; entries written after the push read the row stay open for the next cycle.
     */
    public static int close(Connection c, String table, long rowId, long upToChangeId, String status, long stepId,
                            String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLOSE)) {
            bindClose(ps, table, rowId, upToChangeId, status, stepId, message);
            return ps.executeUpdate();
        }
    }

    private static final String CLOSE = "UPDATE sync_change SET status = ?, closed_at = CURRENT_TIMESTAMP, "
            + "closed_by_step = ?, message = ? WHERE table_name = ? AND row_id = ? AND status = ? AND id <= ?";

    private static void bindClose(PreparedStatement ps, String table, long rowId, long upToChangeId, String status,
                                  long stepId, String message) throws SQLException {
        ps.setString(1, status);
        ps.setLong(2, stepId);
        ps.setString(3, message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX));
        ps.setString(4, table.toLowerCase(Locale.ROOT));
        ps.setLong(5, rowId);
        ps.setString(6, OPEN);
        ps.setLong(7, upToChangeId);
    }

    /**
     * Closes entries as {@link #close} does, many rows on one JDBC batch: a push adds each record of a batch Salesforce
     * answered, then runs them once before its commit (one round trip instead of one per record).
     */
    public static Closes closes(Connection c) throws SQLException {
        return new Closes(c.prepareStatement(CLOSE));
    }

    /** Entries to close on one statement: {@link #add} each row, then {@link #run} (again and again); then close it. */
    public static final class Closes implements AutoCloseable {
        private final PreparedStatement ps;
        private int pending;

        private Closes(PreparedStatement ps) {
            this.ps = ps;
        }

        /** As {@link ChangeLog#close}, written when {@link #run} is called. */
        public void add(String table, long rowId, long upToChangeId, String status, long stepId, String message)
                throws SQLException {
            bindClose(ps, table, rowId, upToChangeId, status, stepId, message);
            ps.addBatch();
            pending++;
        }

        /** Writes what was added since the last run. */
        public void run() throws SQLException {
            if (pending > 0) {
                pending = 0;
                ps.executeBatch();
            }
        }

        /** Forgets what was added and not run (the transaction it belonged to rolled back). */
        public void discard() throws SQLException {
            if (pending > 0) {
                pending = 0;
                ps.clearBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }

    /**
     * Opens again a row's entries (its deletes, or its inserts and updates) a push closed as {@code Failed} (a
     * dead-letter replay pushes them once more), on the
     * caller's transaction: when the replay's step fails as a whole, its rollback leaves them Failed.
     */
    public static int reopenFailed(Connection c, String table, long rowId, boolean deletes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_change SET status = ?, closed_at = NULL, "
                + "closed_by_step = NULL, message = NULL WHERE table_name = ? AND row_id = ? AND status = ? "
                + "AND change_type " + (deletes ? "= 'D'" : "IN ('I', 'U')"))) {
            ps.setString(1, OPEN);
            ps.setString(2, table.toLowerCase(Locale.ROOT));
            ps.setLong(3, rowId);
            ps.setString(4, FAILED);
            return ps.executeUpdate();
        }
    }

    /**
     * A local change to one column, not pushed yet: the value before it ({@code base}, as text; {@code baseKnown} false
     * when the entry did not record it) and when it was made.
     */
    public record ColumnChange(String base, boolean baseKnown, OffsetDateTime changedAt) {
    }

    /** A row's open local changes by column: what a pull compares Salesforce's values with. */
    public record RowChanges(long rowId, Map<String, ColumnChange> columns) {
    }

    /** True when {@code table} has any open local update: the pull's cheap test before it looks closer. */
    public static boolean anyOpenUpdate(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sync_change WHERE table_name = ? AND status = ? "
                + "AND change_type = 'U' LIMIT 1")) {
            ps.setString(1, table.toLowerCase(Locale.ROOT));
            ps.setString(2, OPEN);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The open local updates of the rows whose {@code idColumn} holds one of {@code sfIds}, by Salesforce id. For each
     * column: the value before the first open change (its base) and the time of the latest.
     */
    public static Map<String, RowChanges> openUpdates(Connection c, String table, String idColumn, List<String> sfIds)
            throws SQLException {
        Map<String, RowChanges> out = new LinkedHashMap<>();
        // PostgreSQL: one array parameter (see SqlDialect.idArrays), planned for the index whatever the table's size
        boolean array = SqlDialect.of(c).idArrays();
        int chunkSize = array ? Math.max(1, sfIds.size()) : 500;
        for (int from = 0; from < sfIds.size(); from += chunkSize) {
            List<String> chunk = sfIds.subList(from, Math.min(sfIds.size(), from + chunkSize));
            StringBuilder sql = new StringBuilder("SELECT t." + idColumn + ", c.row_id, c.changed_columns, c.old_values, "
                    + "c.changed_at FROM sync_change c JOIN " + table + " t ON t.id = c.row_id WHERE c.table_name = ? "
                    + "AND c.status = ? AND c.change_type = 'U' AND t." + idColumn);
            if (array) {
                sql.append(" = ANY(?)");
            } else {
                sql.append(" IN (");
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                sql.append(")");
            }
            sql.append(" ORDER BY c.id");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, table.toLowerCase(Locale.ROOT));
                ps.setString(2, OPEN);
                if (array) {
                    ps.setArray(3, c.createArrayOf("varchar", chunk.toArray()));
                } else {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 3, chunk.get(i));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        RowChanges row = out.computeIfAbsent(rs.getString(1),
                                k -> new RowChanges(0, new LinkedHashMap<>()));
                        if (row.rowId() == 0) {
                            row = new RowChanges(rs.getLong(2), row.columns());
                            out.put(rs.getString(1), row);
                        }
                        Map<String, String> old = OldValues.parse(rs.getString(4));
                        OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
                        for (String col : rs.getString(3).split(",")) {
                            String name = col.trim().toLowerCase(Locale.ROOT);
                            if (name.isEmpty()) {
                                continue;
                            }
                            ColumnChange first = row.columns().get(name);
                            // the base is the value before the first open change; the time is the latest change's
                            row.columns().put(name, first == null
                                    ? new ColumnChange(old.get(name), old.containsKey(name), at)
                                    : new ColumnChange(first.base(), first.baseKnown(), at));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Takes columns out of a row's open entries: Salesforce's value won them, so there is nothing left to push. An
     * entry left with no column is closed as {@code Superseded}.
     */
    public static void dropColumns(Connection c, String table, long rowId, Set<String> columns, long stepId)
            throws SQLException {
        String name = table.toLowerCase(Locale.ROOT);
        Map<Long, String> entries = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, changed_columns FROM sync_change WHERE table_name = ? "
                + "AND row_id = ? AND status = ? AND change_type = 'U'")) {
            ps.setString(1, name);
            ps.setLong(2, rowId);
            ps.setString(3, OPEN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement keep = c.prepareStatement("UPDATE sync_change SET changed_columns = ? WHERE id = ?");
             PreparedStatement close = c.prepareStatement("UPDATE sync_change SET changed_columns = ?, status = ?, "
                     + "closed_at = CURRENT_TIMESTAMP, closed_by_step = ?, message = ? WHERE id = ?")) {
            for (Map.Entry<Long, String> e : entries.entrySet()) {
                StringBuilder left = new StringBuilder(",");
                for (String col : e.getValue().split(",")) {
                    String n = col.trim().toLowerCase(Locale.ROOT);
                    if (!n.isEmpty() && !columns.contains(n)) {
                        left.append(n).append(',');
                    }
                }
                if (left.length() == 1) {
                    close.setString(1, e.getValue());
                    close.setString(2, SUPERSEDED);
                    close.setLong(3, stepId);
                    close.setString(4, "Salesforce's value won the conflict (see conflicts list)");
                    close.setLong(5, e.getKey());
                    close.executeUpdate();
                } else if (!left.toString().equals(e.getValue())) {
                    keep.setString(1, left.toString());
                    keep.setLong(2, e.getKey());
                    keep.executeUpdate();
                }
            }
        }
    }
}
