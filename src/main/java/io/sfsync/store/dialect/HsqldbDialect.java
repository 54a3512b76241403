package io.sfsync.store.dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/** HSQLDB, the embedded default: MERGE for upserts, upper-case metadata names, file tables on disk. */
public final class HsqldbDialect implements SqlDialect {

    static final HsqldbDialect INSTANCE = new HsqldbDialect();

    private HsqldbDialect() {
    }

    @Override
    public String vendor() {
        return "hsqldb";
    }

    @Override
    public String metadataName(String identifier) {
        return identifier.toUpperCase(Locale.ROOT);
    }

    /**
     * {@code MERGE ... USING (VALUES (0)) ... ON t.k = ?} with the values bound in the ON, SET and INSERT clauses
     * rather than once in the VALUES row: HSQLDB types a parameter of a VALUES row as VARCHAR, not as the column it
     * ends up in, so timestamps would pass through text and lengths would go unchecked.
     */
    @Override
    public UpsertStatement upsert(Upsert u) {
        List<String> columns = u.columns();
        int n = columns.size();
        int[][] positions = new int[n][];
        for (int i = 0; i < n; i++) {
            positions[i] = new int[] {i + 1, n + i + 1};
        }
        List<String> on = new ArrayList<>();
        for (String k : u.keys()) {
            on.add("t." + k + " = ?");
        }
        List<String> set = new ArrayList<>();
        for (String v : u.values()) {
            set.add(v + " = ?");
        }
        for (Map.Entry<String, String> e : u.onUpdate().entrySet()) {
            set.add(e.getKey() + " = " + e.getValue());
        }
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(u.table()).append(" AS t USING (VALUES (0)) AS v (x) ON ")
                .append(String.join(" AND ", on));
        if (!set.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ").append(String.join(", ", set));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(String.join(", ", columns)).append(") VALUES (")
                .append(String.join(", ", Collections.nCopies(n, "?"))).append(")");
        return new UpsertStatement(sql.toString(), positions);
    }

    /**
     * Row triggers whose WHEN clause decides, so a write sfsync makes (the marker changes) costs one comparison; the
     * body is one INSERT in SQL, so any client can write the table without sfsync's classes. A table without push
     * columns (captured for Push Deletes only) gets the delete trigger alone.
     */
    @Override
    public List<String> createChangeCapture(String schema, CaptureTable t) {
        String insert = "INSERT INTO sync_change (table_name, row_id, change_type, changed_columns, deleted_ids) VALUES ('"
                + t.table() + "', ";
        List<String> out = new ArrayList<>();
        if (t.capturesWrites()) {
            out.add("CREATE TRIGGER " + t.triggerName("ins") + " AFTER INSERT ON " + t.table()
                    + " REFERENCING NEW ROW AS n FOR EACH ROW WHEN (n." + CaptureTable.PULL_REV + " IS NULL) "
                    + insert + "n.id, 'I', " + t.presentColumns("n") + ", NULL)");
            out.add("CREATE TRIGGER " + t.triggerName("upd") + " AFTER UPDATE ON " + t.table()
                    + " REFERENCING OLD ROW AS o NEW ROW AS n FOR EACH ROW WHEN (" + t.markerUnchanged("n", "o")
                    + " AND " + t.anyPushColumnChanged("n", "o") + ") "
                    + "INSERT INTO sync_change (table_name, row_id, change_type, changed_columns, deleted_ids, old_values) "
                    + "VALUES ('" + t.table() + "', n.id, 'U', " + t.changedColumns("n", "o") + ", NULL, "
                    + t.oldValues("n", "o", x -> "CAST(" + x + " AS LONGVARCHAR)") + ")");
        }
        out.add("CREATE TRIGGER " + t.triggerName("del") + " AFTER DELETE ON " + t.table()
                + " REFERENCING OLD ROW AS o FOR EACH ROW WHEN " + t.notDeletedBySfsync("o") + " "
                + insert + "o.id, 'D', '', " + t.presentIds("o") + ")");
        return out;
    }

    @Override
    public List<String> dropChangeCapture(String schema, String table) {
        List<String> out = new ArrayList<>();
        for (String suffix : CaptureTable.SUFFIXES) {
            out.add("DROP TRIGGER " + CaptureTable.triggerName(Upsert.identifier(table), suffix) + " IF EXISTS");
        }
        return out;
    }

    /** Large tables must live on disk, not in memory: HSQLDB's default table type is MEMORY. */
    @Override
    public String connectionUrl(String configuredUrl) {
        return configuredUrl.contains("hsqldb.default_table_type") ? configuredUrl
                : configuredUrl + ";hsqldb.default_table_type=cached";
    }

    @Override
    public void beforeConnect(String configuredUrl, Path dataDir) throws IOException {
        if (configuredUrl.startsWith("jdbc:hsqldb:file:")) {
            Files.createDirectories(dataDir.resolve("db"));
        }
    }

    /** HSQLDB's lock file lets one process open the files: the usual cause is a second sfsync. */
    @Override
    public String openFailureHint() {
        return " — is another sfsync process using the same sfsync.data-dir?";
    }

    /** HSQLDB's own lock file ({@code db/sfsync.lck}) says that a process holds the files, not which: this one does. */
    private static Path holderFile(Path dataDir) {
        return dataDir.resolve("db").resolve("sfsync.holder");
    }

    @Override
    public String inUseMessage(Path dataDir, String failure) {
        if (failure == null || !failure.contains("lockFile")) {
            return null;
        }
        String holder = "another process";
        try {
            if (Files.exists(holderFile(dataDir))) {
                holder = Files.readString(holderFile(dataDir)).strip();
            }
        } catch (IOException e) {
            // the message names no holder then
        }
        return "the embedded database in " + dataDir.resolve("db") + " is in use by " + holder + ": it allows one"
                + " sfsync process per sfsync.data-dir. While that process runs, 'sfsync status', 'sfsync dead-letters"
                + " list' and 'sfsync conflicts list' ask it over its HTTP API. To run several instances, give them one"
                + " PostgreSQL database (sfsync.db.url) and sfsync.cluster.enabled=true (docs/operations.md, \"Running"
                + " several instances\"); to run a second, separate sync, give it its own sfsync.data-dir.";
    }

    @Override
    public void recordHolder(Path dataDir, String holder) throws IOException {
        Files.writeString(holderFile(dataDir), holder + System.lineSeparator());
    }

    @Override
    public void forgetHolder(Path dataDir) throws IOException {
        Files.deleteIfExists(holderFile(dataDir));
    }

    /**
     * Closing the pool closes every connection; HSQLDB then shuts down (shutdown=true) and writes a clean
     * checkpoint, so the next start does not replay its log.
     */
    @Override
    public void beforeClose(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new SQLException("CHECKPOINT before close failed: " + e.getMessage(), e);
        }
    }
}
