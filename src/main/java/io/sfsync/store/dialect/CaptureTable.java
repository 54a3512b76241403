package io.sfsync.store.dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * What change capture watches on one table, vendor-neutral: {@link SqlDialect#createChangeCapture} turns it into
 * triggers. {@code pushColumns}: the columns of the table's push fields (direction both or push, over every mapping
 * of the table); empty when only deletes are captured (a mapping of the table has {@code push-deletes: true} but
 * pushes no field); {@code idColumns}: the Salesforce id column of each mapping of the table; {@code typeColumns}:
 * the type columns of its mappings (Lead and Contact share {@code person}, told apart by {@code person_type}), whose
 * value a delete records with the ids, so that Push Deletes deletes the object the row was. Rows are identified by
 * the table's {@code id} primary key. Every name is checked here: they are pasted into SQL.
 */
public record CaptureTable(String table, List<String> pushColumns, List<String> idColumns, List<String> typeColumns) {

    /** The column every write of sfsync changes and no other client touches (the no-echo marker). */
    public static final String PULL_REV = "sf_pull_rev";
    /** The trigger names, sfsync_&lt;table&gt;_&lt;suffix&gt;: one per event. */
    public static final List<String> SUFFIXES = List.of("ins", "upd", "del");
    /** PostgreSQL's limit on a name; longer ones it would cut short without an error. */
    private static final int MAX_NAME = 63;
    /** The size of {@code sync_change.deleted_ids}. */
    public static final int DELETED_IDS_MAX = 400;
    /** A type value kept in {@code deleted_ids} is cut to this many characters (an object's API name has at most 40). */
    public static final int TYPE_VALUE_MAX = 80;
    /** A Salesforce id has 15 or 18 characters. */
    private static final int ID_LENGTH = 18;

    public CaptureTable {
        Upsert.identifier(table);
        if (pushColumns.isEmpty() && idColumns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + ": nothing to capture");
        }
        pushColumns.forEach(Upsert::identifier);
        idColumns.forEach(Upsert::identifier);
        typeColumns.forEach(Upsert::identifier);
        if (triggerName(table, "ins").length() > MAX_NAME) {
            throw new IllegalArgumentException("table " + table + ": its change-capture trigger names (" + triggerName(table, "ins")
                    + ") would exceed " + MAX_NAME + " characters; push fields need a table name of at most "
                    + (MAX_NAME - "sfsync__ins".length()) + " characters");
        }
        int longest = 1;
        for (String col : idColumns) {
            longest += col.length() + ID_LENGTH + 2;
        }
        for (String col : typeColumns) {
            longest += col.length() + TYPE_VALUE_MAX + 2;
        }
        if (longest > DELETED_IDS_MAX) {
            throw new IllegalArgumentException("table " + table + ": the ids a delete records (" + String.join(", ", typeColumns)
                    + (typeColumns.isEmpty() ? "" : ", ") + String.join(", ", idColumns) + ") could need " + longest
                    + " characters, more than the " + DELETED_IDS_MAX + " of sync_change.deleted_ids; use shorter column names");
        }
        pushColumns = List.copyOf(pushColumns);
        idColumns = List.copyOf(idColumns);
        typeColumns = List.copyOf(typeColumns);
    }

    /** A table without type columns. */
    public CaptureTable(String table, List<String> pushColumns, List<String> idColumns) {
        this(table, pushColumns, idColumns, List.of());
    }

    /** True when the table has push columns: inserts and updates are captured too, not only deletes. */
    public boolean capturesWrites() {
        return !pushColumns.isEmpty();
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

    /**
     * {@code ',person_type=Contact,sfdc_lead_id=00Q...,sfdc_contact_id=003...,'}: the type columns and the Salesforce id
     * columns of {@code o} that hold a value (a type value cut to {@value #TYPE_VALUE_MAX} characters); NULL when no id
     * column holds one (the row was never in Salesforce).
     */
    public String presentIds(String o) {
        if (idColumns.isEmpty()) {
            return "NULL";
        }
        List<String> anyId = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (String col : typeColumns) {
            parts.add("CASE WHEN " + o + "." + col + " IS NOT NULL THEN '" + col + "=' || SUBSTRING(" + o + "." + col
                    + " FROM 1 FOR " + TYPE_VALUE_MAX + ") || ',' ELSE '' END");
        }
        for (String col : idColumns) {
            anyId.add(o + "." + col + " IS NOT NULL");
            parts.add("CASE WHEN " + o + "." + col + " IS NOT NULL THEN '" + col + "=' || " + o + "." + col
                    + " || ',' ELSE '' END");
        }
        return "CASE WHEN " + String.join(" OR ", anyId) + " THEN ',' || " + String.join(" || ", parts) + " ELSE NULL END";
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
