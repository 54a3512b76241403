package io.sfsync.store.dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * What change capture watches on one table, vendor-neutral: {@link SqlDialect#createChangeCapture} turns it into
 * triggers. {@code pushColumns}: the columns of the table's push fields (direction both or push, over every mapping
 * of the table); {@code idColumns}: the Salesforce id column of each mapping of the table. Rows are identified by the
 * table's {@code id} primary key. Every name is checked here: they are pasted into SQL.
 */
public record CaptureTable(String table, List<String> pushColumns, List<String> idColumns) {

    /** The column every write of sfsync changes and no other client touches (the no-echo marker). */
    public static final String PULL_REV = "sf_pull_rev";
    /** The trigger names, sfsync_&lt;table&gt;_&lt;suffix&gt;: one per event. */
    public static final List<String> SUFFIXES = List.of("ins", "upd", "del");
    /** PostgreSQL's limit on a name; longer ones it would cut short without an error. */
    private static final int MAX_NAME = 63;

    public CaptureTable {
        Upsert.identifier(table);
        if (pushColumns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + ": no push column to capture");
        }
        pushColumns.forEach(Upsert::identifier);
        idColumns.forEach(Upsert::identifier);
        if (triggerName(table, "ins").length() > MAX_NAME) {
            throw new IllegalArgumentException("table " + table + ": its change-capture trigger names (" + triggerName(table, "ins")
                    + ") would exceed " + MAX_NAME + " characters; push fields need a table name of at most "
                    + (MAX_NAME - "sfsync__ins".length()) + " characters");
        }
        pushColumns = List.copyOf(pushColumns);
        idColumns = List.copyOf(idColumns);
    }

    public static String triggerName(String table, String suffix) {
        return "sfsync_" + table + "_" + suffix;
    }

    public String triggerName(String suffix) {
        return triggerName(table, suffix);
    }

    /** True when a push column of row {@code n} differs from row {@code o}. */
    public String anyPushColumnChanged(String n, String o) {
        List<String> out = new ArrayList<>();
        for (String col : pushColumns) {
            out.add(n + "." + col + " IS DISTINCT FROM " + o + "." + col);
        }
        return "(" + String.join(" OR ", out) + ")";
    }

    /** The row was written by a client other than sfsync: the marker stayed as it was. */
    public String markerUnchanged(String n, String o) {
        return n + "." + PULL_REV + " IS NOT DISTINCT FROM " + o + "." + PULL_REV;
    }

    /** ',a,b,': the push columns that differ between {@code n} and {@code o}; '' when none. */
    public String changedColumns(String n, String o) {
        List<String> parts = new ArrayList<>();
        for (String col : pushColumns) {
            parts.add("CASE WHEN " + n + "." + col + " IS DISTINCT FROM " + o + "." + col + " THEN " + name(col) + " ELSE '' END");
        }
        return list(parts, "''");
    }

    /** Each value kept in {@code old_values} is cut to this many characters; a pull compares such a value by prefix. */
    public static final int OLD_VALUE_MAX = 4000;

    /**
     * {@code {"a":"old",...,}}: the push columns that differ between {@code n} and {@code o}, with their values in
     * {@code o} as JSON strings (null for NULL), each cut to {@link #OLD_VALUE_MAX} characters. {@code asText} is the
     * vendor's cast of a column to unbounded text. The trailing comma is accepted by the reader (io.sfsync.store.OldValues).
     */
    public String oldValues(String n, String o, java.util.function.UnaryOperator<String> asText) {
        List<String> parts = new ArrayList<>();
        for (String col : pushColumns) {
            String text = "SUBSTRING(" + asText.apply(o + "." + col) + " FROM 1 FOR " + OLD_VALUE_MAX + ")";
            String escaped = "REPLACE(REPLACE(" + text + ", '\\', '\\\\'), '\"', '\\\"')";
            parts.add("CASE WHEN " + n + "." + col + " IS DISTINCT FROM " + o + "." + col + " THEN CAST('\"" + col
                    + "\":' AS VARCHAR(" + (col.length() + 3) + ")) || CASE WHEN " + o + "." + col
                    + " IS NULL THEN CAST('null' AS VARCHAR(4)) ELSE '\"' || " + escaped + " || '\"' END || ',' ELSE '' END");
        }
        return "'{' || " + String.join(" || ", parts) + " || '}'";
    }

    /** ',a,b,': the push columns of {@code n} that hold a value; '' when none. */
    public String presentColumns(String n) {
        List<String> parts = new ArrayList<>();
        for (String col : pushColumns) {
            parts.add("CASE WHEN " + n + "." + col + " IS NOT NULL THEN " + name(col) + " ELSE '' END");
        }
        return list(parts, "''");
    }

    /** ',sfdc_lead_id=00Q...,': the Salesforce id columns of {@code o} that hold a value; NULL when none. */
    public String presentIds(String o) {
        List<String> parts = new ArrayList<>();
        for (String col : idColumns) {
            parts.add("CASE WHEN " + o + "." + col + " IS NOT NULL THEN '" + col + "=' || " + o + "." + col
                    + " || ',' ELSE '' END");
        }
        return parts.isEmpty() ? "NULL" : list(parts, "NULL");
    }

    /** Deleted by another client, not by sfsync (which marks a row it deletes itself with a negative marker). */
    public String notDeletedBySfsync(String o) {
        return "(" + o + "." + PULL_REV + " IS NULL OR " + o + "." + PULL_REV + " >= 0)";
    }

    /**
     * 'col,' as VARCHAR: a CASE of text literals is CHAR of the longest in HSQLDB, which would pad the shorter ones
     * with spaces.
     */
    private static String name(String column) {
        return "CAST('" + column + ",' AS VARCHAR(" + (column.length() + 1) + "))";
    }

    private static String list(List<String> parts, String whenEmpty) {
        return "COALESCE(NULLIF(',' || " + String.join(" || ", parts) + ", ','), " + whenEmpty + ")";
    }
}
