package io.sfsync.store;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.FieldReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records Push New created, recognised when a pull reads them back: their external-id field holds the sfsync key of
 * the local row they came from ({@link SyncKeys}). When that row has no Salesforce id yet (the process stopped after
 * Salesforce created the record and before the id was written back), the pull writes the id into it first, so the
 * record updates its own row instead of arriving as a second one.
 */
public final class CreatedRecords {

    private CreatedRecords() {
    }

    /** True when one of the page's records carries one of this database's keys: {@link #link} has a row to look at. */
    public static boolean any(ObjectMapping mapping, String databaseKey, List<Map<String, Object>> records) {
        if (mapping.externalId() == null || databaseKey == null) {
            return false;
        }
        String prefix = prefix(mapping, databaseKey);
        FieldReader read = FieldReader.of(List.of(mapping.externalId()), records);
        for (Map<String, Object> rec : records) {
            if (read.get(rec, 0) instanceof String s && s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String prefix(ObjectMapping mapping, String databaseKey) {
        return databaseKey + "." + mapping.table().toLowerCase(Locale.ROOT) + ".";
    }

    /** Links the page's records that carry one of this database's keys to their rows; returns how many it linked. */
    public static int link(Connection c, ObjectMapping mapping, String databaseKey, List<Map<String, Object>> records)
            throws SQLException {
        if (mapping.externalId() == null || databaseKey == null) {
            return 0;
        }
        String prefix = prefix(mapping, databaseKey);
        int linked = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + mapping.table() + " SET " + mapping.idColumn()
                + " = ? WHERE id = ? AND " + mapping.idColumn() + " IS NULL")) {
            FieldReader read = FieldReader.of(List.of(mapping.externalId()), records);
            for (Map<String, Object> rec : records) {
                Object key = read.get(rec, 0);
                if (key instanceof String s && s.startsWith(prefix)) {
                    long rowId;
                    try {
                        rowId = Long.parseLong(s.substring(prefix.length()));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    ps.setString(1, (String) rec.get("Id"));
                    ps.setLong(2, rowId);
                    linked += ps.executeUpdate();
                }
            }
        }
        return linked;
    }
}
