package io.sfsync.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** The dead-letter store (requirement D1, D2): {@code dead_letter} rows. */
public final class DeadLetterStore {

    private static final int MESSAGE_MAX = 4000;
    private static final String COLUMNS = "id, created_at, cycle_id, step_id, object_name, operation, record_id, "
            + "error_code, error_message, payload, status, resolved_at, attempts, last_attempt_at, last_error";

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One failed record to keep; written on the caller's transaction, together with the page it came from. */
    public record Entry(String recordId, String errorCode, String errorMessage, String payload) {
    }

    public static void add(Connection c, String cycleId, long stepId, String object, String operation, Entry e)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (cycle_id, step_id, object_name, operation, "
                + "record_id, error_code, error_message, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, cycleId);
            ps.setLong(2, stepId);
            ps.setString(3, object);
            ps.setString(4, operation);
            ps.setString(5, e.recordId());
            ps.setString(6, e.errorCode());
            String msg = e.errorMessage() == null ? "" : e.errorMessage();
            ps.setString(7, msg.length() <= MESSAGE_MAX ? msg : msg.substring(0, MESSAGE_MAX));
            ps.setString(8, e.payload());
            ps.executeUpdate();
        }
    }

    /** The number of open (New) dead letters of each object that has any. */
    public Map<String, Long> openByObject() throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT object_name, COUNT(*) FROM dead_letter WHERE status = ? GROUP BY object_name")) {
            ps.setString(1, DeadLetter.NEW);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Dead letters, newest first; {@code status} null for all. */
    public List<DeadLetter> list(String status, String object, int limit) throws SQLException {
        return list(new DeadLetterFilter(object, null, status, null, limit));
    }

    /** Dead letters matching the filter, newest first, the page of its limit after its offset. */
    public List<DeadLetter> list(DeadLetterFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + " FROM dead_letter" + where(filter, params)
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        params.add(filter.limit());
        params.add(filter.offset());
        return query(sql, params);
    }

    /** How many dead letters the filter matches, whatever its limit and offset. */
    public long count(DeadLetterFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        return count("SELECT COUNT(*) FROM dead_letter" + where(filter, params), params);
    }

    /** The dead letters one step of the status log produced, oldest first, a page of {@code limit} after {@code offset}. */
    public List<DeadLetter> ofStep(long stepId, int limit, int offset) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM dead_letter WHERE step_id = ? ORDER BY id LIMIT ? OFFSET ?",
                List.of(stepId, limit, offset));
    }

    public long countOfStep(long stepId) throws SQLException {
        return count("SELECT COUNT(*) FROM dead_letter WHERE step_id = ?", List.of(stepId));
    }

    /**
     * Deletes the dead letters closed (Replayed or Discarded) before {@code before}; New ones stay whatever their age,
     * until someone replays or discards them. Returns how many went.
     */
    public int deleteClosedBefore(OffsetDateTime before) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM dead_letter WHERE status <> ? AND resolved_at < ?")) {
            ps.setString(1, DeadLetter.NEW);
            ps.setObject(2, before);
            return ps.executeUpdate();
        }
    }

    private static String where(DeadLetterFilter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status());
        }
        if (filter.object() != null) {
            sql.append(" AND object_name = ?");
            params.add(filter.object());
        }
        if (filter.operation() != null) {
            sql.append(" AND operation = ?");
            params.add(filter.operation());
        }
        if (filter.since() != null) {
            sql.append(" AND created_at >= ?");
            params.add(filter.since());
        }
        return sql.toString();
    }

    private List<DeadLetter> query(String sql, List<?> params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return read(ps);
        }
    }

    private long count(String sql, List<?> params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<DeadLetter> get(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            return read(ps).stream().findFirst();
        }
    }

    /** Marks a New dead letter Discarded or Replayed; false when it is not New (already resolved or unknown). */
    public boolean resolve(long id, String newStatus) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE dead_letter SET status = ?, resolved_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, newStatus);
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(3, id);
            ps.setString(4, DeadLetter.NEW);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * A replay that succeeded, on the transaction that wrote the record: the New dead letter becomes Replayed; false
     * when it is not New any more (another replay or a discard came first), and the caller rolls back.
     */
    public static boolean replayed(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET status = ?, resolved_at = ?, "
                + "attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND status = ?")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setString(1, DeadLetter.REPLAYED);
            ps.setObject(2, now);
            ps.setObject(3, now);
            ps.setLong(4, id);
            ps.setString(5, DeadLetter.NEW);
            return ps.executeUpdate() == 1;
        }
    }

    /** A replay that failed: the dead letter stays New, one more attempt is counted and {@code error} kept as the newest. */
    public void attemptFailed(long id, String error) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET attempts = attempts + 1, "
                     + "last_attempt_at = ?, last_error = ? WHERE id = ? AND status = ?")) {
            String msg = error == null ? "" : error;
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(2, msg.length() <= MESSAGE_MAX ? msg : msg.substring(0, MESSAGE_MAX));
            ps.setLong(3, id);
            ps.setString(4, DeadLetter.NEW);
            ps.executeUpdate();
        }
    }

    private static List<DeadLetter> read(PreparedStatement ps) throws SQLException {
        List<DeadLetter> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long stepValue = rs.getLong(4);
                Long step = rs.wasNull() ? null : stepValue; // wasNull() speaks of the column read last
                out.add(new DeadLetter(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        step, rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getObject(12, OffsetDateTime.class),
                        rs.getInt(13), rs.getObject(14, OffsetDateTime.class), rs.getString(15)));
            }
        }
        return out;
    }

}
