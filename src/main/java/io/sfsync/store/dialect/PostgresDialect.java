package io.sfsync.store.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** PostgreSQL, for production: INSERT ... ON CONFLICT for upserts, lower-case metadata names. */
public final class PostgresDialect implements SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String vendor() {
        return "postgresql";
    }

    @Override
    public String metadataName(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    /**
     * A list of 500 parameters is planned against the table as it was when the statement was prepared: during a
     * first pull that is an almost empty table, and the cached plan then reads the whole table for every page
     * (measured: no index scan in a 50,000-Lead pull). An array parameter is planned for the unique index.
     */
    @Override
    public boolean idArrays() {
        return true;
    }

    /** pgjdbc's CopyManager: a page of new rows as one COPY, parsed by the server without a bind per value. */
    @Override
    public boolean copyIn() {
        return true;
    }

    /**
     * pgjdbc sends a JDBC batch of inserts as one statement per row unless {@code reWriteBatchedInserts} is set; with
     * it, as multi-row INSERTs, and a statement trigger (change capture) fires once per statement. A value the
     * configured URL sets itself is kept.
     */
    @Override
    public String connectionUrl(String configuredUrl) {
        if (configuredUrl.toLowerCase(Locale.ROOT).contains("rewritebatchedinserts=")) {
            return configuredUrl;
        }
        return configuredUrl + (configuredUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    /** The key columns must carry a primary key or unique constraint: ON CONFLICT names them. */
    @Override
    public UpsertStatement upsert(Upsert u) {
        List<String> columns = u.columns();
        int n = columns.size();
        int[][] positions = new int[n][];
        for (int i = 0; i < n; i++) {
            positions[i] = new int[] {i + 1};
        }
        List<String> set = new ArrayList<>();
        for (String v : u.values()) {
            set.add(v + " = EXCLUDED." + v);
        }
        for (Map.Entry<String, String> e : u.onUpdate().entrySet()) {
            set.add(e.getKey() + " = " + e.getValue());
        }
        String sql = "INSERT INTO " + u.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(n, "?")) + ") ON CONFLICT (" + String.join(", ", u.keys()) + ") DO "
                + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", set));
        return new UpsertStatement(sql, positions);
    }

    /**
     * Statement triggers with transition tables: one INSERT ... SELECT per statement logs every row it changed, which
     * costs a bulk UPDATE by another client far less than a function call per row. Each table has its own function,
     * generated from the mappings; names are qualified with the schema, so a client with another search_path is
     * captured too. A table without push columns (captured for Push Deletes only) gets the delete trigger alone.
     */
    @Override
    public List<String> createChangeCapture(String schema, CaptureTable t) {
        String s = quoted(schema) + ".";
        String insert = "INSERT INTO " + s + "sync_change (table_name, row_id, change_type, changed_columns, deleted_ids) SELECT '"
                + t.table() + "', ";
        List<String> out = new ArrayList<>();
        if (t.capturesWrites()) {
            out.add(function(s, t.triggerName("ins"), insert + "n.id, 'I', " + t.presentColumns("n") + ", NULL FROM sfsync_new n WHERE n."
                    + CaptureTable.PULL_REV + " IS NULL"));
            out.add(trigger(s, t, "ins", "INSERT", "NEW TABLE AS sfsync_new"));
            out.add(function(s, t.triggerName("upd"), "INSERT INTO " + s + "sync_change (table_name, row_id, change_type, "
                    + "changed_columns, deleted_ids, old_values) SELECT '" + t.table() + "', n.id, 'U', "
                    + changedColumns(t, "n", "o") + ", NULL, " + oldValues(t, "n", "o") + " FROM sfsync_new n"
                    + " JOIN sfsync_old o ON o.id = n.id WHERE " + t.markerUnchanged("n", "o") + " AND "
                    + t.anyPushColumnChanged("n", "o")));
            out.add(trigger(s, t, "upd", "UPDATE", "OLD TABLE AS sfsync_old NEW TABLE AS sfsync_new"));
        }
        out.add(function(s, t.triggerName("del"), insert + "o.id, 'D', '', " + t.presentIds("o") + " FROM sfsync_old o WHERE "
                + t.notDeletedBySfsync("o")));
        out.add(trigger(s, t, "del", "DELETE", "OLD TABLE AS sfsync_old"));
        return out;
    }

    /**
     * {@link CaptureTable#changedColumns}, the same text, built with one {@code concat_ws} over the changed columns'
     * names (it skips the NULLs of the unchanged ones) instead of a concatenation per column.
     */
    private static String changedColumns(CaptureTable t, String n, String o) {
        List<String> parts = new ArrayList<>();
        for (String col : t.pushColumns()) {
            parts.add("CASE WHEN " + n + "." + col + " IS DISTINCT FROM " + o + "." + col + " THEN '" + col + "' END");
        }
        return "COALESCE(',' || NULLIF(concat_ws(',', " + String.join(", ", parts) + "), '') || ',', '')";
    }

    /**
     * {@link CaptureTable#oldValues}, the same text ({@code {"a":"old",...,}}, each value cut to
     * {@value CaptureTable#OLD_VALUE_MAX} characters), built with one {@code concat} that skips the unchanged columns.
     */
    private static String oldValues(CaptureTable t, String n, String o) {
        List<String> parts = new ArrayList<>();
        for (String col : t.pushColumns()) {
            String escaped = "replace(replace(substr(CAST(" + o + "." + col + " AS TEXT), 1, " + CaptureTable.OLD_VALUE_MAX
                    + "), '\\', '\\\\'), '\"', '\\\"')";
            parts.add("CASE WHEN " + n + "." + col + " IS DISTINCT FROM " + o + "." + col + " THEN '\"" + col
                    + "\":' || COALESCE('\"' || " + escaped + " || '\"', 'null') || ',' END");
        }
        return "'{' || concat(" + String.join(", ", parts) + ") || '}'";
    }

    /**
     * The function's settings hold only while it runs. {@code jit = off}: the INSERT ... SELECT is planned again for
     * every statement, with the transition tables' real sizes; for a large UPDATE its estimated cost (dozens of column
     * comparisons per row) passes PostgreSQL's JIT thresholds, and compiling those expressions cost the writer more
     * than evaluating them (seconds for an UPDATE of 100,000 rows, see docs/benchmarks.md). {@code work_mem = 64MB}:
     * the join of the old and new rows (about 300 bytes a row of person each side) sorts or hashes them in memory up to
     * about 200,000 rows instead of in temporary files from 4MB (the default) on; larger statements still spill.
     */
    private static String function(String schema, String name, String insert) {
        return "CREATE OR REPLACE FUNCTION " + schema + name + "() RETURNS trigger LANGUAGE plpgsql AS $sfsync$\nBEGIN\n  "
                + insert + ";\n  RETURN NULL;\nEND\n$sfsync$ SET jit = off SET work_mem = '64MB'";
    }

    private static String trigger(String schema, CaptureTable t, String suffix, String event, String transitionTables) {
        return "CREATE TRIGGER " + t.triggerName(suffix) + " AFTER " + event + " ON " + schema + t.table() + " REFERENCING "
                + transitionTables + " FOR EACH STATEMENT EXECUTE FUNCTION " + schema + t.triggerName(suffix) + "()";
    }

    @Override
    public List<String> dropChangeCapture(String schema, String table) {
        String s = quoted(schema) + ".";
        List<String> out = new ArrayList<>();
        for (String suffix : CaptureTable.SUFFIXES) {
            String name = CaptureTable.triggerName(Upsert.identifier(table), suffix);
            out.add("DROP TRIGGER IF EXISTS " + name + " ON " + s + table);
            out.add("DROP FUNCTION IF EXISTS " + s + name + "()");
        }
        return out;
    }

    /** A schema name as a quoted identifier: it comes from the connection, not from a mapping file. */
    private static String quoted(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }
}
