package io.sfsync.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The columns of a local table and their JDBC types, read from the database's own metadata. */
public record TableSchema(String table, Map<String, Integer> columnTypes) {

    /** Reads the table's columns; an empty schema means the table does not exist. */
    public static TableSchema read(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Map<String, Integer> cols = new LinkedHashMap<>();
        // HSQLDB keeps unquoted names in upper case, PostgreSQL in lower case.
        for (String name : new String[] {table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getColumns(null, null, name, null)) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && schema.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                        continue;
                    }
                    cols.putIfAbsent(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("DATA_TYPE"));
                }
            }
            if (!cols.isEmpty()) {
                break;
            }
        }
        return new TableSchema(table.toLowerCase(Locale.ROOT), cols);
    }

    public boolean exists() {
        return !columnTypes.isEmpty();
    }

    public boolean has(String column) {
        return columnTypes.containsKey(column.toLowerCase(Locale.ROOT));
    }

    public int typeOf(String column) {
        Integer t = columnTypes.get(column.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new IllegalArgumentException("table " + table + " has no column " + column);
        }
        return t;
    }

    public Set<String> columns() {
        return columnTypes.keySet();
    }
}
