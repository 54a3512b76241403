package io.sfsync.salesapp;

import io.sfsync.store.dialect.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triggers {@code salesfeed_person_ins}, {@code _upd} and {@code _del} on {@code person} (main database) that log
 * into {@code sales_feed_change} the persons whose copied fields, owner or tombstone changed, whoever wrote them (the
 * pull, Pull Conversions, any SQL client), in the writer's transaction. A change to any other column logs nothing.
 * Installed at start while the feed is on, removed while it is off, so a database without the feed pays nothing.
 * Their names do not start with {@code sfsync_}: change capture ({@link io.sfsync.store.ChangeCapture}) owns those.
 */
final class PersonChanges {

    static final String PREFIX = "salesfeed_person_";
    private static final Logger LOG = LoggerFactory.getLogger(PersonChanges.class);
    /** The person columns whose change matters to the copy: the 10 copied besides the id, the owner, the tombstone. */
    static final List<String> WATCHED = concat(PersonCopy.SOURCE_COLUMNS.subList(1, PersonCopy.SOURCE_COLUMNS.size()),
            List.of("sfdc_owner_id", "sf_deleted_at"));

    private PersonChanges() {
    }

    /**
     * Installs (or replaces) the triggers. When they were not installed before, changes may have been missed while the
     * feed was off: the log and the record of complete copies are emptied, so the next cycle copies everything.
     *
     * @return true when the triggers were not installed before
     */
    static boolean install(DataSource main) throws SQLException {
        try (Connection c = main.getConnection()) {
            c.setAutoCommit(false);
            try {
                SqlDialect dialect = SqlDialect.of(c);
                String schema = c.getSchema();
                boolean fresh = !installed(c, schema, dialect);
                List<String> statements = new ArrayList<>(drop(dialect, schema));
                statements.addAll(create(dialect, schema));
                if (fresh) {
                    statements.add("DELETE FROM sales_feed_change");
                    statements.add("DELETE FROM sales_feed_copy");
                }
                run(c, statements);
                c.commit();
                if (fresh) {
                    LOG.info("Sales-app feed: triggers installed on person; the next cycle copies every owned person");
                }
                return fresh;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Removes the triggers, if installed, with what they logged: nothing is logged while the feed is off. */
    static void remove(DataSource main) throws SQLException {
        try (Connection c = main.getConnection()) {
            c.setAutoCommit(false);
            try {
                SqlDialect dialect = SqlDialect.of(c);
                String schema = c.getSchema();
                if (!installed(c, schema, dialect)) {
                    return;
                }
                List<String> statements = new ArrayList<>(drop(dialect, schema));
                statements.add("DELETE FROM sales_feed_change");
                statements.add("DELETE FROM sales_feed_copy");
                run(c, statements);
                c.commit();
                LOG.info("Sales-app feed is off (sfsync.sales-app.enabled=false): its triggers on person are removed; "
                        + "turning it on again copies every owned person anew");
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static boolean installed(Connection c, String schema, SqlDialect dialect) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.triggers "
                + "WHERE trigger_schema = ? AND trigger_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, dialect.metadataName(PREFIX + "upd"));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static List<String> create(SqlDialect dialect, String schema) {
        String anyChanged = WATCHED.stream().map(col -> "n." + col + " IS DISTINCT FROM o." + col)
                .collect(Collectors.joining(" OR "));
        if (dialect.vendor().equals("hsqldb")) {
            String log = " INSERT INTO sales_feed_change (person_id) VALUES ";
            return List.of(
                    "CREATE TRIGGER " + PREFIX + "ins AFTER INSERT ON person REFERENCING NEW ROW AS n FOR EACH ROW "
                            + "WHEN (n.sfdc_owner_id IS NOT NULL)" + log + "(n.id)",
                    "CREATE TRIGGER " + PREFIX + "upd AFTER UPDATE ON person REFERENCING OLD ROW AS o NEW ROW AS n "
                            + "FOR EACH ROW WHEN (" + anyChanged + ")" + log + "(n.id)",
                    "CREATE TRIGGER " + PREFIX + "del AFTER DELETE ON person REFERENCING OLD ROW AS o FOR EACH ROW "
                            + "WHEN (o.sfdc_owner_id IS NOT NULL)" + log + "(o.id)");
        }
        // PostgreSQL: statement triggers with transition tables, one INSERT ... SELECT per statement (a pull's page)
        String s = quoted(schema) + ".";
        String log = "INSERT INTO " + s + "sales_feed_change (person_id) SELECT ";
        return List.of(
                function(s, "ins", log + "n.id FROM salesfeed_new n WHERE n.sfdc_owner_id IS NOT NULL"),
                trigger(s, "ins", "INSERT", "NEW TABLE AS salesfeed_new"),
                function(s, "upd", log + "n.id FROM salesfeed_new n JOIN salesfeed_old o ON o.id = n.id WHERE "
                        + anyChanged),
                trigger(s, "upd", "UPDATE", "OLD TABLE AS salesfeed_old NEW TABLE AS salesfeed_new"),
                function(s, "del", log + "o.id FROM salesfeed_old o WHERE o.sfdc_owner_id IS NOT NULL"),
                trigger(s, "del", "DELETE", "OLD TABLE AS salesfeed_old"));
    }

    private static String function(String schema, String suffix, String insert) {
        return "CREATE OR REPLACE FUNCTION " + schema + PREFIX + suffix + "() RETURNS trigger LANGUAGE plpgsql AS "
                + "$salesfeed$\nBEGIN\n  " + insert + ";\n  RETURN NULL;\nEND\n$salesfeed$ SET jit = off";
    }

    private static String trigger(String schema, String suffix, String event, String transitionTables) {
        return "CREATE TRIGGER " + PREFIX + suffix + " AFTER " + event + " ON " + schema + "person REFERENCING "
                + transitionTables + " FOR EACH STATEMENT EXECUTE FUNCTION " + schema + PREFIX + suffix + "()";
    }

    private static List<String> drop(SqlDialect dialect, String schema) {
        List<String> out = new ArrayList<>();
        for (String suffix : List.of("ins", "upd", "del")) {
            if (dialect.vendor().equals("hsqldb")) {
                out.add("DROP TRIGGER " + PREFIX + suffix + " IF EXISTS");
            } else {
                String s = quoted(schema) + ".";
                out.add("DROP TRIGGER IF EXISTS " + PREFIX + suffix + " ON " + s + "person");
                out.add("DROP FUNCTION IF EXISTS " + s + PREFIX + suffix + "()");
            }
        }
        return out;
    }

    private static void run(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String quoted(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
