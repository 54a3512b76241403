package io.sfsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

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

    /** One recorded conflict, as {@code conflicts list} shows it. */
    public record Row(long id, OffsetDateTime createdAt, String object, String recordId, String table, long rowId,
                      String field, String column, String localValue, String salesforceValue,
                      OffsetDateTime localChangedAt, OffsetDateTime salesforceChangedAt, String policy, String winner) {
    }

    /** Conflicts, newest first, {@code limit} after the first {@code offset}; {@code object} and {@code since} null for all. */
    public static List<Row> list(DataSource dataSource, String object, OffsetDateTime since, int limit, int offset)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT id, created_at, object_name, record_id, table_name, row_id, field_name, column_name, "
                + "local_value, salesforce_value, local_changed_at, salesforce_changed_at, policy, winner FROM sync_conflict"
                + where(object, since, params) + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        params.add(limit);
        params.add(offset);
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
                            rs.getString(13), rs.getString(14)));
                }
            }
        }
        return out;
    }

    /** How many conflicts {@link #list} matches, whatever its limit and offset. */
    public static long count(DataSource dataSource, String object, OffsetDateTime since) throws SQLException {
        List<Object> params = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_conflict" + where(object, since, params))) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the conflicts recorded before {@code before} (the status log's retention); returns how many. */
    public static int deleteBefore(DataSource dataSource, OffsetDateTime before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM sync_conflict WHERE created_at < ?")) {
            ps.setObject(1, before);
            return ps.executeUpdate();
        }
    }

    private static String where(String object, OffsetDateTime since, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (object != null) {
            sql.append(" AND object_name = ?");
            params.add(object);
        }
        if (since != null) {
            sql.append(" AND created_at >= ?");
            params.add(since);
        }
        return sql.toString();
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
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
