package io.sfsync.status;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.store.ChangeLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * What waits to be synced, per object and direction (requirement S9), from the database alone (asking Salesforce what
 * waits there would cost API calls):
 * <ul>
 * <li>push: the rows of the object with open change-log entries ({@code sync_change}), and when the oldest was made;</li>
 * <li>pull: what the object's newest Pull Updates step still has to read when it is running or did not complete (its
 * expected count less the records it handled), else 0.</li>
 * </ul>
 * Each with the open (New) dead letters of that direction's operations (Push ..., Pull ...).
 */
public final class Backlog {

    /** An object as the backlog reads it: its local table, and the column telling its rows apart when it shares it. */
    public record Source(String object, String table, String typeColumn) {
    }

    /** One object and direction: {@code oldest} is when the oldest waiting change was made (null for pull). */
    public record Item(String object, String direction, long waiting, OffsetDateTime oldest, long openDeadLetters) {
    }

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final List<Source> sources;

    public Backlog(DataSource dataSource, StepLog stepLog, List<Source> sources) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.sources = List.copyOf(sources);
    }

    /** For every synced object, in configured order: its push item, then its pull item. */
    public List<Item> items() throws SQLException {
        List<Item> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (Source s : sources) {
                out.add(push(c, s));
                out.add(pull(c, s));
            }
        }
        return out;
    }

    private Item push(Connection c, Source s) throws SQLException {
        String table = s.table().toLowerCase(Locale.ROOT);
        String sql;
        if (s.typeColumn() == null) {
            sql = "SELECT COUNT(DISTINCT row_id), MIN(changed_at) FROM sync_change WHERE table_name = ? AND status = ?";
        } else {
            // a table several objects share (Lead and Contact in person): a row's type tells, or a delete's recorded one
            sql = "SELECT COUNT(DISTINCT c.row_id), MIN(c.changed_at) FROM sync_change c LEFT JOIN " + s.table()
                    + " t ON t.id = c.row_id WHERE c.table_name = ? AND c.status = ? AND ((c.change_type <> 'D' AND UPPER(t."
                    + s.typeColumn() + ") = UPPER(?)) OR (c.change_type = 'D' AND UPPER(c.deleted_ids) LIKE UPPER(?)))";
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            ps.setString(2, ChangeLog.OPEN);
            if (s.typeColumn() != null) {
                ps.setString(3, s.object());
                ps.setString(4, "%," + s.typeColumn() + "=" + s.object() + ",%");
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Item(s.object(), "push", rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        openDeadLetters(c, s.object(), "Push %"));
            }
        }
    }

    private Item pull(Connection c, Source s) throws SQLException {
        long waiting = stepLog.newest(s.object(), "Pull Updates")
                .filter(step -> step.expected() != null && !StepStatus.COMPLETED.label().equals(step.status()))
                .map(step -> Math.max(0, step.expected() - step.done()))
                .orElse(0L);
        return new Item(s.object(), "pull", waiting, null, openDeadLetters(c, s.object(), "Pull %"));
    }

    private static long openDeadLetters(Connection c, String object, String operations) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM dead_letter WHERE object_name = ? AND status = ? AND operation LIKE ?")) {
            ps.setString(1, object);
            ps.setString(2, DeadLetter.NEW);
            ps.setString(3, operations);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
