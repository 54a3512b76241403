package io.sfsync.store;

import io.sfsync.mapping.ObjectMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Removes the local rows of records deleted in Salesforce, on the caller's transaction.
 * A table with a {@value #TOMBSTONE_COLUMN} column keeps the row as a tombstone (the time
 * Salesforce deleted it), so its history stays; any other table loses the row.
 * <p>
 * When several objects share a table ({@code type-column}), only rows of the deleted object's
 * type are touched: a converted Lead whose row is now a Contact stays when the Lead is deleted,
 * because the person still exists in Salesforce as that Contact.
 * Table and column names come from validated mapping files; values are always bound.
 * <p>
 * Change capture ({@link ChangeCapture}): a tombstone changes the no-echo marker like every write of sfsync; a row
 * deleted outright is marked {@link ChangeCapture#DELETING} first, in the same transaction, so the table's delete
 * trigger does not log it as a local delete.
 */
public final class LocalDeletes {

    public static final String TOMBSTONE_COLUMN = "sf_deleted_at";
    private static final int STAGE_BATCH = 2000;

    private final ObjectMapping mapping;
    private final boolean tombstones;
    private final String deleteOneSql;
    private final String deleteMissingSql;
    /**
     * For a hard delete into a table with the change-capture marker: marks the rows first (the same WHERE), so the
     * delete trigger knows them as sfsync's own deletes; null otherwise.
     */
    private final String markOneSql;
    private final String markMissingSql;

    public LocalDeletes(ObjectMapping mapping, TableSchema schema) {
        this.mapping = mapping;
        this.tombstones = schema.has(TOMBSTONE_COLUMN);
        String liveRows = mapping.idColumn() + " IS NOT NULL"
                + (tombstones ? " AND " + TOMBSTONE_COLUMN + " IS NULL" : "")
                + (mapping.typeColumn() != null ? " AND " + mapping.typeColumn() + " = ?" : "");
        boolean marks = schema.has(ChangeCapture.PULL_REV);
        boolean marksDeletes = marks && !tombstones;
        String action = tombstones
                ? "UPDATE " + mapping.table() + " SET " + TOMBSTONE_COLUMN + " = ?, updated_at = CURRENT_TIMESTAMP"
                        + (marks ? ", " + ChangeCapture.PULL_REV + " = " + ChangeCapture.BUMP : "")
                : "DELETE FROM " + mapping.table();
        String one = " WHERE " + mapping.idColumn() + " = ? AND " + liveRows;
        String missing = " WHERE " + liveRows + " AND NOT EXISTS (SELECT 1 FROM sync_id_stage s "
                + "WHERE s.step_id = ? AND s.sf_id = " + mapping.table() + "." + mapping.idColumn() + ")";
        String marked = marksDeletes ? " AND " + ChangeCapture.PULL_REV + " = " + ChangeCapture.DELETING : "";
        this.deleteOneSql = action + one + marked;
        this.deleteMissingSql = action + missing + marked;
        String mark = "UPDATE " + mapping.table() + " SET " + ChangeCapture.PULL_REV + " = " + ChangeCapture.DELETING;
        this.markOneSql = marksDeletes ? mark + one : null;
        this.markMissingSql = marksDeletes ? mark + missing : null;
    }

    /** True when deleted records stay as tombstones; false when their rows are deleted. */
    public boolean tombstones() {
        return tombstones;
    }

    /** Removes the row of one deleted record; returns 1 when a live row was removed, 0 when there was none. */
    public int remove(Connection c, String sfId, OffsetDateTime deletedAt) throws SQLException {
        if (markOneSql != null) {
            removeOne(c, markOneSql, sfId, deletedAt);
        }
        return removeOne(c, deleteOneSql, sfId, deletedAt);
    }

    private int removeOne(Connection c, String sql, String sfId, OffsetDateTime deletedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (tombstones) {
                ps.setObject(i++, deletedAt);
            }
            ps.setString(i++, sfId);
            if (mapping.typeColumn() != null) {
                ps.setString(i, mapping.object());
            }
            return ps.executeUpdate();
        }
    }

    /** Adds ids that exist in Salesforce to the step's stage. */
    public static void stage(Connection c, long stepId, List<String> sfIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_id_stage (step_id, sf_id) VALUES (?, ?)")) {
            int pending = 0;
            for (String id : sfIds) {
                ps.setLong(1, stepId);
                ps.setString(2, id);
                ps.addBatch();
                if (++pending == STAGE_BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /**
     * Removes the live rows whose Salesforce id is not in the step's stage (every id the step
     * read from Salesforce), then empties the stage; returns how many rows were removed.
     */
    public int removeMissing(Connection c, long stepId, OffsetDateTime noticedAt) throws SQLException {
        if (markMissingSql != null) {
            removeMissing(c, markMissingSql, stepId, noticedAt);
        }
        int removed = removeMissing(c, deleteMissingSql, stepId, noticedAt);
        clearStage(c, stepId);
        return removed;
    }

    private int removeMissing(Connection c, String sql, long stepId, OffsetDateTime noticedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (tombstones) {
                ps.setObject(i++, noticedAt);
            }
            if (mapping.typeColumn() != null) {
                ps.setString(i++, mapping.object());
            }
            ps.setLong(i, stepId);
            return ps.executeUpdate();
        }
    }

    public static void clearStage(Connection c, long stepId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_id_stage WHERE step_id = ?")) {
            ps.setLong(1, stepId);
            ps.executeUpdate();
        }
    }
}
