package io.sfsync.store;

import io.sfsync.salesforce.Watermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Per-object pull positions. Saved on the caller's transaction, together with the rows they cover. */
public final class WatermarkStore {

    private WatermarkStore() {
    }

    public static Watermark read(Connection c, String object) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT system_modstamp, last_id FROM sync_watermark WHERE object_name = ?")) {
            ps.setString(1, object);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Watermark(rs.getObject(1, OffsetDateTime.class), rs.getString(2)) : null;
            }
        }
    }

    public static void save(Connection c, String object, Watermark w) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE sync_watermark SET system_modstamp = ?, last_id = ?, updated_at = CURRENT_TIMESTAMP WHERE object_name = ?")) {
            up.setObject(1, w.systemModstamp());
            up.setString(2, w.lastId());
            up.setString(3, object);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement(
                "INSERT INTO sync_watermark (object_name, system_modstamp, last_id) VALUES (?, ?, ?)")) {
            in.setString(1, object);
            in.setObject(2, w.systemModstamp());
            in.setString(3, w.lastId());
            in.executeUpdate();
        }
    }
}
