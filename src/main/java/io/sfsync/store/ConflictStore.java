package io.sfsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/** Conflicts ({@code sync_conflict}): a field changed on both sides, the policy that decided, and the value that lost. */
public final class ConflictStore {

    private static final int VALUE_MAX = 4000;

    private ConflictStore() {
    }

    /** Records one decided conflict on the caller's transaction (the pull's page). */
    public static void add(Connection c, String cycleId, long stepId, String object, String table, String field,
                           RecordWriter.Conflict conflict, String policy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_conflict (cycle_id, step_id, object_name, "
                + "record_id, table_name, row_id, field_name, column_name, local_value, salesforce_value, local_changed_at, "
                + "salesforce_changed_at, policy, winner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, cycleId);
            ps.setLong(2, stepId);
            ps.setString(3, object);
            ps.setString(4, conflict.sfId());
            ps.setString(5, table.toLowerCase(Locale.ROOT));
            ps.setLong(6, conflict.rowId());
            ps.setString(7, field);
            ps.setString(8, conflict.column());
            ps.setString(9, text(conflict.localValue()));
            ps.setString(10, text(conflict.salesforceValue()));
            ps.setObject(11, conflict.localChangedAt());
            ps.setObject(12, conflict.salesforceChangedAt());
            ps.setString(13, policy);
            ps.setString(14, conflict.localWins() ? "local" : "salesforce");
            ps.executeUpdate();
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.length() <= VALUE_MAX ? s : s.substring(0, VALUE_MAX);
    }
}
