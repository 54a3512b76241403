package io.sfsync.store;

import io.sfsync.salesforce.ObjectDescribe;
import io.sfsync.salesforce.ObjectDescribe.FieldInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The stored describe metadata ({@code sf_field}) of each synced object. */
public final class FieldStore {

    private FieldStore() {
    }

    /** How the describe differs from the stored one. */
    public record Diff(int added, int changed, int removed) {
    }

    /** Replaces the object's stored fields with the describe, on the caller's transaction. */
    public static Diff replace(Connection c, ObjectDescribe describe) throws SQLException {
        Map<String, String> before = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT field_name, field_type, field_length, calculated, createable, "
                + "updateable, nillable FROM sf_field WHERE object_name = ?")) {
            ps.setString(1, describe.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    before.put(rs.getString(1), signature(rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5),
                            rs.getBoolean(6), rs.getBoolean(7)));
                }
            }
        }
        int added = 0;
        int changed = 0;
        for (FieldInfo f : describe.fields().values()) {
            String sig = signature(f.type(), f.length(), f.calculated(), f.createable(), f.updateable(), f.nillable());
            String old = before.remove(f.name());
            if (old == null) {
                added++;
            } else if (!Objects.equals(old, sig)) {
                changed++;
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM sf_field WHERE object_name = ?")) {
            del.setString(1, describe.name());
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO sf_field (object_name, field_name, label, field_type, "
                + "field_length, calculated, createable, updateable, nillable, reference_to, described_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (FieldInfo f : describe.fields().values()) {
                ins.setString(1, describe.name());
                ins.setString(2, f.name());
                ins.setString(3, f.label());
                ins.setString(4, f.type());
                ins.setInt(5, f.length());
                ins.setBoolean(6, f.calculated());
                ins.setBoolean(7, f.createable());
                ins.setBoolean(8, f.updateable());
                ins.setBoolean(9, f.nillable());
                ins.setString(10, f.referenceTo().isEmpty() ? null : String.join(",", f.referenceTo()));
                ins.setObject(11, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return new Diff(added, changed, before.size());
    }

    private static String signature(String type, int length, boolean calculated, boolean createable, boolean updateable,
                                    boolean nillable) {
        return type + "/" + length + "/" + calculated + "/" + createable + "/" + updateable + "/" + nillable;
    }
}
