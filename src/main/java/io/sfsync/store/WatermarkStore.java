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

/** Per-object pull positions. Saved on the caller's transaction, together with the rows they cover. */
public final class WatermarkStore {

    private static final Upsert SAVE = new Upsert("sync_watermark", List.of("object_name"),
            List.of("system_modstamp", "last_id"), Map.of("updated_at", "CURRENT_TIMESTAMP"));

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
        SqlDialect.of(c).upsert(SAVE).execute(c, object, w.systemModstamp(), w.lastId());
    }
}
