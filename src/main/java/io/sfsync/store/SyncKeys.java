package io.sfsync.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The sfsync key of a local row, {@code <database key>.<table>.<row id>} (e.g. {@code 3f9a2c1e.person.42}): what Push
 * New writes into a mapping's {@code external-id} field so that a create sent again (after a lost answer or a crash)
 * finds the record Salesforce already has instead of creating a second one. The database key is random, made once
 * per database ({@code sync_database}), so a database created anew never reuses an earlier database's keys.
 * One instance per database: it reads the key once and remembers it.
 */
public final class SyncKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile String databaseKey;

    /** This database's key; made and stored on first use, then read once and remembered. */
    public String databaseKey(Connection c) throws SQLException {
        String known = databaseKey;
        if (known != null) {
            return known;
        }
        String key = read(c);
        if (key == null) {
            // not remembered yet: the caller's transaction may still roll the new key back
            return create(c);
        }
        databaseKey = key;
        return key;
    }

    private static String create(Connection c) throws SQLException {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_database (database_key) VALUES (?)")) {
            ps.setString(1, HexFormat.of().formatHex(bytes));
            ps.executeUpdate();
        }
        return read(c);
    }

    private static String read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT database_key FROM sync_database ORDER BY created_at LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The sfsync key of a row. */
    public static String rowKey(String databaseKey, String table, long rowId) {
        return databaseKey + "." + table.toLowerCase(Locale.ROOT) + "." + rowId;
    }
}
