package io.sfsync.store;

import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.dialect.SqlDialect;
import io.sfsync.store.dialect.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps one local foreign key in step with the Salesforce ids (Update FKs, S2). Works
 * incrementally: it re-links the rows changed since {@code since} and the rows whose parent
 * changed since then (a parent that arrived after its child, a Lead converted into a
 * Contact), so its cost follows the changes, not the table size. Names come from validated
 * mapping files; values are bound.
 */
public final class LinkUpdater {

    private static final Upsert MARKER = new Upsert("sync_marker", List.of("marker_name"), List.of("marked_at"));

    private final String table;
    private final LinkMapping link;
    private final List<String> targetIdColumns;
    private final String lookup;
    private final String localOnly;

    /**
     * @param targetIdColumns the Salesforce-id columns of the target table (several when
     *                        several objects share it, as Lead and Contact share person)
     */
    public LinkUpdater(ObjectMapping child, LinkMapping link, List<String> targetIdColumns) {
        this.table = child.table();
        this.link = link;
        this.targetIdColumns = List.copyOf(targetIdColumns);
        List<String> lookups = new ArrayList<>();
        for (String from : link.from()) {
            for (String idColumn : targetIdColumns) {
                lookups.add("(SELECT t.id FROM " + link.to() + " t WHERE t." + idColumn + " = c." + from + ")");
            }
        }
        this.lookup = lookups.size() == 1 ? lookups.get(0) : "COALESCE(" + String.join(", ", lookups) + ")";
        // a two-way link of a row not in Salesforce yet was set locally: it is the row's, not Salesforce's to follow
        this.localOnly = link.pushes() ? " AND c." + child.idColumn() + " IS NOT NULL" : "";
    }

    /** Re-links what changed since {@code since} (null: every row); returns how many rows changed. */
    public int update(Connection c, OffsetDateTime since) throws SQLException {
        // the no-echo marker of change capture: harmless here (a link column is no push column), set like every write
        String mark = TableSchema.ofCycle(c, table).has(ChangeCapture.PULL_REV)
                ? ", " + ChangeCapture.PULL_REV + " = COALESCE(c." + ChangeCapture.PULL_REV + ", 0) + 1" : "";
        String set = "UPDATE " + table + " c SET " + link.column() + " = " + lookup + mark + " WHERE ";
        String differs = " AND (c." + link.column() + " IS DISTINCT FROM " + lookup + ")" + localOnly;
        if (since == null) {
            try (PreparedStatement ps = c.prepareStatement(set + "1 = 1" + differs)) {
                return ps.executeUpdate();
            }
        }
        int changed;
        try (PreparedStatement ps = c.prepareStatement(set + "c.updated_at >= ?" + differs)) {
            ps.setObject(1, since);
            changed = ps.executeUpdate();
        }
        for (String from : link.from()) {
            for (String idColumn : targetIdColumns) {
                try (PreparedStatement ps = c.prepareStatement(set + "c." + from + " IN (SELECT p." + idColumn + " FROM "
                        + link.to() + " p WHERE p.updated_at >= ?)" + differs)) {
                    ps.setObject(1, since);
                    changed += ps.executeUpdate();
                }
            }
        }
        return changed;
    }

    /** The marker name under which the last run of this link is remembered. */
    public String markerName() {
        return "update-fks:" + table + "." + link.column();
    }

    public static OffsetDateTime readMarker(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT marked_at FROM sync_marker WHERE marker_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    public static void writeMarker(Connection c, String name, OffsetDateTime at) throws SQLException {
        SqlDialect.of(c).upsert(MARKER).execute(c, name, at);
    }
}
