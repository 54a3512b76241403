package io.sfsync.store;

import io.sfsync.salesforce.Watermark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Positions of the steps that keep their own watermark per object and operation (Pull Deletes,
 * Pull Conversions), apart from Pull Updates' {@link WatermarkStore}. Saved on the caller's
 * transaction, together with the writes they cover. {@code lastId} may be null for a position
 * that is a time only.
 */
public final class OperationWatermarkStore {

    private OperationWatermarkStore() {
    }

    public static Watermark read(Connection c, String object, String operation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT watermark_at, last_id FROM sync_operation_watermark WHERE object_name = ? AND operation = ?")) {
            ps.setString(1, object);
            ps.setString(2, operation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Watermark(rs.getObject(1, OffsetDateTime.class), rs.getString(2)) : null;
            }
        }
    }

    public static void save(Connection c, String object, String operation, Watermark w) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE sync_operation_watermark SET watermark_at = ?, last_id = ?, "
                + "updated_at = CURRENT_TIMESTAMP WHERE object_name = ? AND operation = ?")) {
            up.setObject(1, w.systemModstamp());
            up.setString(2, w.lastId());
            up.setString(3, object);
            up.setString(4, operation);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement in = c.prepareStatement("INSERT INTO sync_operation_watermark "
                + "(object_name, operation, watermark_at, last_id) VALUES (?, ?, ?, ?)")) {
            in.setString(1, object);
            in.setString(2, operation);
            in.setObject(3, w.systemModstamp());
            in.setString(4, w.lastId());
            in.executeUpdate();
        }
    }
}
