package io.sfsync.store;

import io.sfsync.salesforce.Watermark;
import io.sfsync.store.dialect.SqlDialect;
import io.sfsync.store.dialect.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Positions of the steps that keep their own watermark per object and operation (Pull Deletes,
 * Pull Conversions), apart from Pull Updates' {@link WatermarkStore}. Saved on the caller's
 * transaction, together with the writes they cover. {@code lastId} may be null for a position
 * that is a time only.
 */
public final class OperationWatermarkStore {

    private static final Upsert SAVE = new Upsert("sync_operation_watermark", List.of("object_name", "operation"),
            List.of("watermark_at", "last_id"), Map.of("updated_at", "CURRENT_TIMESTAMP"));

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
        SqlDialect.of(c).upsert(SAVE).execute(c, object, operation, w.systemModstamp(), w.lastId());
    }
}
