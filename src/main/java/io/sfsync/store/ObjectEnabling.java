package io.sfsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The moment sync of an object was enabled ({@code sync_object_enabled}), for mappings with
 * {@code first-pull-window-hours} or {@code push-created-after-enabling}: written once, by the object's first pull,
 * and never overwritten, so that a first pull that failed and runs again keeps the moment (and the window) of the
 * first attempt. Push New reads it to send only rows created after it.
 *
 * @param windowFrom where the first pull's window starts (records changed since), or null without a window
 */
public record ObjectEnabling(OffsetDateTime enabledAt, OffsetDateTime windowFrom) {

    /** The object's enabling moment, or null when its sync was never enabled (no first pull yet). */
    public static ObjectEnabling read(Connection c, String object) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT enabled_at, window_from FROM sync_object_enabled WHERE object_name = ?")) {
            ps.setString(1, object);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new ObjectEnabling(rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class)) : null;
            }
        }
    }

    /** Records {@code enabled} unless a moment is recorded already; returns the recorded one. */
    public static ObjectEnabling record(Connection c, String object, ObjectEnabling enabled) throws SQLException {
        ObjectEnabling earlier = read(c, object);
        if (earlier != null) {
            return earlier;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_object_enabled (object_name, enabled_at, window_from) VALUES (?, ?, ?)")) {
            ps.setString(1, object);
            ps.setObject(2, enabled.enabledAt());
            if (enabled.windowFrom() == null) {
                ps.setNull(3, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(3, enabled.windowFrom());
            }
            ps.executeUpdate();
        }
        return enabled;
    }
}
