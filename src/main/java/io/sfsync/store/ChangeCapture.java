package io.sfsync.store;

import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.MappingException;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.dialect.CaptureTable;
import io.sfsync.store.dialect.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change capture (push): installs, at start, the triggers that log into {@code sync_change} every change to a push
 * column of a synced table made by any SQL client other than sfsync, in that client's own transaction, and every
 * delete of a row, with its Salesforce ids and type. The push columns of a table are the columns of the fields with
 * direction {@code both} or {@code push}, over every mapping of the table; a table without any has no triggers,
 * unless one of its mappings has {@code push-deletes: true}: then its deletes alone are captured.
 * <p>
 * No echo: every write sfsync makes to a synced row changes {@value #PULL_REV} (an insert sets 1, an update adds 1;
 * see {@link #BUMP}), and the triggers capture only inserts without it, and updates that leave it as it was.
 * sfsync's own hard deletes first set it to {@value #DELETING}, which the delete trigger skips.
 * <p>
 * Installing is idempotent: the triggers of every captured table are replaced (a changed mapping changes them),
 * and sfsync's triggers on a table that no longer has push columns are removed. A mapped table without the marker
 * column gets it, and the log says so.
 */
public final class ChangeCapture {

    public static final String PULL_REV = CaptureTable.PULL_REV;
    /** The marker's value on the row an insert of sfsync writes. */
    public static final String INSERTED = "1";
    /** The marker's value in an update of sfsync: always another value than before, even on a second write. */
    public static final String BUMP = "COALESCE(" + PULL_REV + ", 0) + 1";
    /** The marker sfsync sets on a row just before it deletes it itself, in the same transaction. */
    public static final String DELETING = "-1";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Pattern TRIGGER = Pattern.compile("sfsync_([a-z_][a-z0-9_]*)_(ins|upd|del)");

    private ChangeCapture() {
    }

    /**
     * The captured tables of these mappings (by lower-case name): those with at least one push column, and those a
     * mapping with {@code push-deletes: true} fills (their deletes only, when no mapping of the table pushes a field).
     */
    public static Map<String, CaptureTable> tables(Collection<ObjectMapping> mappings) {
        Map<String, Set<String>> push = new LinkedHashMap<>();
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        Map<String, Set<String>> types = new LinkedHashMap<>();
        Set<String> pushDeletes = new LinkedHashSet<>();
        Map<String, ObjectMapping> first = new LinkedHashMap<>();
        for (ObjectMapping m : mappings) {
            String table = m.table().toLowerCase(Locale.ROOT);
            first.putIfAbsent(table, m);
            ids.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(m.idColumn().toLowerCase(Locale.ROOT));
            Set<String> typeColumns = types.computeIfAbsent(table, k -> new LinkedHashSet<>());
            if (m.typeColumn() != null) {
                typeColumns.add(m.typeColumn().toLowerCase(Locale.ROOT));
            }
            if (m.pushDeletes()) {
                pushDeletes.add(table);
            }
            Set<String> columns = push.computeIfAbsent(table, k -> new LinkedHashSet<>());
            for (FieldMapping f : m.fields()) {
                if (f.direction().pushes()) {
                    columns.add(f.column().toLowerCase(Locale.ROOT));
                }
            }
        }
        Map<String, CaptureTable> out = new LinkedHashMap<>();
        push.forEach((table, columns) -> {
            if (!columns.isEmpty() || pushDeletes.contains(table)) {
                try {
                    out.put(table, new CaptureTable(table, new ArrayList<>(columns), new ArrayList<>(ids.get(table)),
                            new ArrayList<>(types.get(table))));
                } catch (IllegalArgumentException e) {
                    ObjectMapping m = first.get(table);
                    throw new MappingException(List.of(MappingException.at(m.file(), m.lineOf("table"), e.getMessage())));
                }
            }
        });
        return out;
    }

    /**
     * Brings the triggers in line with the mappings, in one transaction where the database allows it (PostgreSQL;
     * HSQLDB commits each DDL statement). Returns the tables now captured.
     */
    public static Set<String> install(DataSource dataSource, Collection<ObjectMapping> mappings) throws SQLException {
        Map<String, CaptureTable> wanted = tables(mappings);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                SqlDialect dialect = SqlDialect.of(c);
                String schema = c.getSchema();
                List<String> statements = new ArrayList<>();
                for (String table : installedOn(c, schema)) {
                    if (!wanted.containsKey(table)) {
                        LOG.info("Change capture: table {} has no push column any more; its triggers are removed", table);
                    }
                    statements.addAll(dialect.dropChangeCapture(schema, table));
                }
                for (CaptureTable t : wanted.values()) {
                    if (!TableSchema.read(c, t.table()).has(PULL_REV)) {
                        // the marker makes the pull's own writes tell from other clients': without it every pulled row would echo
                        statements.add("ALTER TABLE " + t.table() + " ADD COLUMN " + PULL_REV + " BIGINT");
                        LOG.warn("Change capture: table {} had no column {}; added it (ALTER TABLE {} ADD COLUMN {} BIGINT): "
                                + "sfsync changes it on every row it writes, other clients must leave it alone",
                                t.table(), PULL_REV, t.table(), PULL_REV);
                    }
                    statements.addAll(dialect.dropChangeCapture(schema, t.table()));
                    statements.addAll(dialect.createChangeCapture(schema, t));
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (!wanted.isEmpty()) {
            LOG.info("Change capture: triggers on {}", String.join(", ", wanted.keySet()));
        }
        return wanted.keySet();
    }

    /** The tables of this schema that carry a trigger of sfsync's change capture, by lower-case name. */
    public static Set<String> installedOn(Connection c, String schema) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT trigger_name, event_object_table FROM information_schema.triggers "
                + "WHERE trigger_schema = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(2).toLowerCase(Locale.ROOT);
                    Matcher m = TRIGGER.matcher(rs.getString(1).toLowerCase(Locale.ROOT));
                    if (m.matches() && m.group(1).equals(table)) {
                        out.add(table);
                    }
                }
            }
        }
        return out;
    }
}
