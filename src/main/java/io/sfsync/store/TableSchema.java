package io.sfsync.store;

import io.sfsync.store.dialect.SqlDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The columns of a local table and their JDBC types, read from the database's own metadata. */
public record TableSchema(String table, Map<String, Integer> columnTypes) {

    /** What {@link #ofCycle} read since the last {@link #newCycle}, by database and table. */
    private static final Map<String, TableSchema> CYCLE = new ConcurrentHashMap<>();

    /**
     * The table's columns as the running sync cycle first read them. Every step of every object used to read its
     * table's metadata again: on PostgreSQL a catalogue query of about a millisecond each, 48 of them in a cycle of the
     * eleven bundled objects (now one per table). A table changed between two cycles (a column added, a type changed)
     * is read afresh by the next cycle ({@link #newCycle}); within a cycle its steps see the table as the cycle first
     * found it. A table that does not exist is not kept: it is looked for again.
     */
    public static TableSchema ofCycle(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String key = md.getURL() + '\n' + md.getUserName() + '\n' + table.toLowerCase(Locale.ROOT);
        TableSchema known = CYCLE.get(key);
        if (known != null) {
            return known;
        }
        TableSchema read = read(c, table);
        if (read.exists()) {
            CYCLE.put(key, read);
        }
        return read;
    }

    /** A sync cycle starts: {@link #ofCycle} reads every table's columns again. */
    public static void newCycle() {
        CYCLE.clear();
    }

    /** Reads the table's columns; an empty schema means the table does not exist. */
    public static TableSchema read(Connection c, String table) throws SQLException {
        Map<String, Integer> cols = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : columns(c, table).entrySet()) {
            cols.put(e.getKey(), e.getValue().jdbcType());
        }
        return new TableSchema(table.toLowerCase(Locale.ROOT), cols);
    }

    /**
     * A column as the database declares it: JDBC type, declared size (characters for text; 0 when the database
     * reports none) and whether it takes null.
     */
    public record Column(int jdbcType, int size, boolean nullable) {
    }

    /** The table's columns with their declared size and nullability; empty when the table does not exist. */
    public static Map<String, Column> columns(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Map<String, Column> cols = new LinkedHashMap<>();
        // Only the connection's schema: a same-named table elsewhere in the database is not ours.
        String schema = c.getSchema();
        try (ResultSet rs = md.getColumns(null, schema, SqlDialect.of(c).metadataName(table), null)) {
            while (rs.next()) {
                cols.putIfAbsent(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), new Column(rs.getInt("DATA_TYPE"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return cols;
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

    /** The kind of data a column holds: text, number, boolean, date, datetime or other. */
    public String kindOf(String column) {
        return switch (typeOf(column)) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
                 Types.LONGNVARCHAR, Types.NCLOB -> "text";
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                 Types.DOUBLE, Types.FLOAT, Types.REAL -> "number";
            case Types.BOOLEAN, Types.BIT -> "boolean";
            case Types.DATE -> "date";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "datetime";
            default -> "other";
        };
    }

    /** Column → kind, for every column of the table. */
    public Map<String, String> columnKinds() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : columns()) {
            out.put(c, kindOf(c));
        }
        return out;
    }

    public Set<String> columns() {
        return columnTypes.keySet();
    }
}
