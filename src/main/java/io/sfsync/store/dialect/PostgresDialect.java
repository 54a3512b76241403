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
}
